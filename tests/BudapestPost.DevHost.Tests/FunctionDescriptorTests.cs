using BudapestPost.DevHost.Worker;

namespace BudapestPost.DevHost.Tests;

public sealed class FunctionDescriptorTests
{
    [Fact]
    public void From_HttpTrigger_ReadsRouteMethodsAndAuthLevel()
    {
        var function = new FunctionMetadataBuilder("PutArticle").WithHttpTrigger("articles/{slug}", "Function", "put").Build();

        Assert.Equal("articles/{slug}", function.Http!.Route);
        Assert.Equal(["PUT"], function.Http.Methods);
        Assert.Equal(AuthLevel.Function, function.Http.AuthLevel);
        Assert.Equal("req", function.Http.Name);
        Assert.Null(function.Blob);
    }

    [Fact]
    public void From_HttpTriggerWithoutRoute_UsesFunctionName()
    {
        var function = new FunctionMetadataBuilder("Health").WithHttpTrigger(route: null, "Anonymous", "get").Build();

        Assert.Equal("Health", function.Http!.Route);
    }

    [Fact]
    public void From_BlobTrigger_ReadsPathAndConnection()
    {
        var function = new FunctionMetadataBuilder("PublishArticle").WithBlobTrigger("articles/{name}", "ArticleStorage").Build();

        Assert.Equal("articles", function.Blob!.Path.Container);
        Assert.Equal("ArticleStorage", function.Blob.Connection);
        Assert.Equal("content", function.Blob.Name);
        Assert.Null(function.Http);
    }

    [Fact]
    public void From_BlobTriggerWithoutConnection_UsesAzureWebJobsStorage()
    {
        var function = new FunctionMetadataBuilder("PublishArticle").WithBlobTrigger("articles/{name}", connection: null).Build();

        Assert.Equal("AzureWebJobsStorage", function.Blob!.Connection);
    }

    [Fact]
    public void From_TimerTrigger_ReadsScheduleAndFlags()
    {
        var function = new FunctionMetadataBuilder("RefreshSitemap")
            .WithBinding("""{"name":"timer","direction":"In","type":"timerTrigger","schedule":"%SitemapSchedule%","useMonitor":false,"runOnStartup":true,"properties":{}}""")
            .Build();

        Assert.Equal(new TimerTriggerBinding("timer", "%SitemapSchedule%", RunOnStartup: true, UseMonitor: false), function.Timer);
        Assert.Null(function.Http);
    }

    [Fact]
    public void From_QueueTriggerAndQueueOutputs_ReadsQueuesConnectionsAndDeferredBinding()
    {
        var function = new FunctionMetadataBuilder("SendDigest")
            .WithBinding("""{"name":"message","direction":"In","type":"queueTrigger","queueName":"%DigestQueue%","properties":{"supportsDeferredBinding":"True"}}""")
            .WithBinding("""{"name":"$return","direction":"Out","type":"queue","queueName":"digest-sent","connection":"Mail"}""")
            .Build();

        Assert.Equal(new QueueTriggerBinding("message", "%DigestQueue%", "AzureWebJobsStorage", SupportsDeferredBinding: true), function.Queue);
        Assert.Equal([new QueueOutputBinding("$return", "digest-sent", "Mail")], function.QueueOutputs);
    }
}
