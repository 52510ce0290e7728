using System.Net;
using System.Net.Http.Json;
using BudapestPost.Testing;

namespace BudapestPost.EndToEndTests;

/// <summary>The app under the DevHost, exporting over OTLP to a collector on loopback.</summary>
public sealed class TelemetryAppFixture : FunctionAppFixture
{
    public OtlpReceiver Collector { get; } = new();

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Collector.Endpoint,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Collector.DisposeAsync();
    }
}

public sealed class TelemetryTests(TelemetryAppFixture app) : IClassFixture<TelemetryAppFixture>
{
    private readonly ArticleApi _api = new(app);

    private Task<bool> EventuallySeenAsync(string path, params string[] texts) =>
        Eventually.Until(() => Task.FromResult(app.Collector.Saw(path, texts)), seen => seen);

    [Fact]
    public async Task Publish_ExportsItsSpanMetricsAndStructuredLogs()
    {
        var slug = ArticleApi.NewSlug("otel");

        await _api.UploadAsync(slug, new ArticleFileBuilder());
        await _api.WaitUntilListedAsync(slug);

        Assert.True(await EventuallySeenAsync("/v1/traces", "PublishArticle", "budapest_post.blob.name", $"{slug}.md"),
            $"no PublishArticle span; received: {string.Join(", ", app.Collector.Paths)}");
        Assert.True(await EventuallySeenAsync("/v1/metrics", "budapest_post.articles.published", "budapest_post.articles.publish_to_live"));
        // Information-level app logs arrive with their message templates.
        Assert.True(await EventuallySeenAsync("/v1/logs", "{Slug} {Outcome} as {Status} in {ElapsedMs} ms"));
    }

    [Fact]
    public async Task Feedback_ExportsItsOutcome()
    {
        var slug = ArticleApi.NewSlug("otel-fb");
        await _api.UploadAsync(slug, new ArticleFileBuilder());
        await _api.WaitUntilListedAsync(slug);

        var posted = await app.Client.PostAsJsonAsync($"api/articles/{slug}/feedback", new { kind = "typo", message = "A typo in the second paragraph." });
        var refused = await app.Client.PostAsJsonAsync($"api/articles/{slug}/feedback", new { kind = "typo" });

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True(await EventuallySeenAsync("/v1/metrics", "budapest_post.feedback.submissions", "accepted", "refused"));
    }
}
