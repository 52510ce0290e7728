namespace BudapestPost.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class EventGridTests(CompiledTemplateFixture compiled)
{
    [Fact]
    public void SystemTopic_PublishesTheStorageAccountsEvents()
    {
        var topic = compiled.Template.Single("Microsoft.EventGrid/systemTopics");

        Assert.Equal("Microsoft.Storage.StorageAccounts", (string?)topic.Property("properties.topicType"));
        Assert.Contains("Microsoft.Storage/storageAccounts", (string)topic.Property("properties.source")!);
    }

    [Fact]
    public void SystemTopic_HasItsOwnIdentityForDeadLetters()
    {
        var topic = compiled.Template.Single("Microsoft.EventGrid/systemTopics");

        Assert.Equal("SystemAssigned", (string?)topic.Property("identity.type"));
    }

    [Fact]
    public void Subscriptions_AreLeftToThePostdeployHook()
    {
        // The webhook needs the blobs_extension key, which exists only after code deployment.
        Assert.Empty(compiled.Template.OfType("Microsoft.EventGrid/systemTopics/eventSubscriptions"));
    }
}
