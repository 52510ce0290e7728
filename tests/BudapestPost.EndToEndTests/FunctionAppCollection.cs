namespace BudapestPost.EndToEndTests;

[CollectionDefinition(Name)]
public sealed class FunctionAppCollection : ICollectionFixture<FunctionAppFixture>
{
    public const string Name = "Function app";
}
