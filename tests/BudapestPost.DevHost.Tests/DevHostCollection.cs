namespace BudapestPost.DevHost.Tests;

[CollectionDefinition(Name)]
public sealed class DevHostCollection : ICollectionFixture<DevHostFixture>
{
    public const string Name = "DevHost";
}
