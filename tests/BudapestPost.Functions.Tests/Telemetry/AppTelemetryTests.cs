using System.Diagnostics;
using BudapestPost.Core.Audio;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Audio;
using BudapestPost.Functions.Telemetry;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace BudapestPost.Functions.Tests.Telemetry;

/// <summary>
/// The app's spans and metrics as an exporter receives them. In the Azurite collection, whose tests run
/// one at a time, so no other publish adds to the counters read here.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AppTelemetryTests : IDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly List<Metric> _metrics = [];
    private readonly List<Activity> _spans = [];
    private readonly MeterProvider _meterProvider;
    private readonly TracerProvider _tracerProvider;

    public AppTelemetryTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _meterProvider = Sdk.CreateMeterProviderBuilder().AddMeter(AppTelemetry.Name).AddInMemoryExporter(_metrics).Build();
        _tracerProvider = Sdk.CreateTracerProviderBuilder().AddSource(AppTelemetry.Name).AddInMemoryExporter(_spans).Build();
    }

    public void Dispose()
    {
        _meterProvider.Dispose();
        _tracerProvider.Dispose();
    }

    private async Task PublishThroughTheTriggerAsync(TestApp app, string blobName, byte[] content)
    {
        var container = app.Get<Azure.Storage.Blobs.BlobServiceClient>().GetBlobContainerClient(BudapestPost.Functions.Storage.StorageOptions.ArticlesContainer);
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlobClient(blobName);
        await blob.UploadAsync(new BinaryData(content), overwrite: true);
        await new PublishArticleTrigger(app.Get<ArticleFiles>(), app.Get<ArticlePublisher>(), NullLogger<PublishArticleTrigger>.Instance)
            .PublishArticle(blob, blobName, CancellationToken.None);
    }

    /// <summary>Sums of every point of one metric, by the value of one tag (empty key when untagged).</summary>
    private Dictionary<string, double> Totals(string name, string tag = "")
    {
        // Each flush exports the cumulative state again: read only the latest export.
        _metrics.Clear();
        _meterProvider.ForceFlush();
        var totals = new Dictionary<string, double>();
        foreach (var metric in _metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var key = "";
                foreach (var pair in point.Tags)
                {
                    if (pair.Key == tag)
                    {
                        key = pair.Value?.ToString() ?? "";
                    }
                }
                var value = metric.MetricType switch
                {
                    MetricType.LongSum => point.GetSumLong(),
                    MetricType.DoubleSum => point.GetSumDouble(),
                    MetricType.Histogram => point.GetHistogramCount(),
                    _ => throw new InvalidOperationException($"{name} is a {metric.MetricType}"),
                };
                totals[key] = totals.GetValueOrDefault(key) + value;
            }
        }
        return totals;
    }

    [Fact]
    public async Task Publish_ValidFile_CountsItAndItsLatencyInASpanForTheFile()
    {
        await using var app = await TestApp.StartAsync(_azurite);
        var blobName = $"otel-{Guid.NewGuid():N}.md";

        await PublishThroughTheTriggerAsync(app, blobName, new ArticleFileBuilder().Build());

        Assert.Equal(1, Totals("budapest_post.articles.published")[""]);
        Assert.Equal(1, Totals("budapest_post.articles.publish_to_live")[""]);
        Assert.Empty(Totals("budapest_post.articles.rejected"));
        _tracerProvider.ForceFlush();
        var span = Assert.Single(_spans, s => s.OperationName == nameof(PublishArticleTrigger.PublishArticle));
        Assert.Equal(ActivityKind.Consumer, span.Kind);
        Assert.Equal(blobName, span.GetTagItem("budapest_post.blob.name"));
    }

    [Fact]
    public async Task Narration_CountsTheCharactersSynthesizedAndTheSecondsRendered()
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        await using var app = await TestApp.StartAsync(_azurite);
        var blobName = $"otel-{suffix}.md";
        var file = new ArticleFileBuilder().WithBody("The minister spoke for an hour.\n");
        var container = app.Get<Azure.Storage.Blobs.BlobServiceClient>().GetBlobContainerClient(BudapestPost.Functions.Storage.StorageOptions.ArticlesContainer);
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient(blobName).UploadAsync(new BinaryData(file.Build()), overwrite: true);

        // The local synthesizer, espeak-ng and lame, as the app has it by default.
        await app.Get<ArticleNarrator>().SubmitAsync(blobName, CancellationToken.None);

        var spoken = SpokenText.Of(Core.Articles.ArticleParser.Parse(blobName, file.Build()).Value!);
        var audio = await app.Get<IArticleAudio>().FindAsync(blobName[..^3], CancellationToken.None);
        Assert.Equal(spoken.Text.Length, Totals("budapest_post.audio.characters_synthesized")[""]);
        Assert.Equal(audio!.DurationSeconds, Totals("budapest_post.audio.seconds_rendered")[""], precision: 2);
    }

    [Fact]
    public async Task Publish_InvalidFile_CountsARejectionByReason()
    {
        await using var app = await TestApp.StartAsync(_azurite);

        await PublishThroughTheTriggerAsync(app, $"otel-{Guid.NewGuid():N}.md", new ArticleFileBuilder().Without("title").Build());
        await PublishThroughTheTriggerAsync(app, $"otel-{Guid.NewGuid():N}.md", new ArticleFileBuilder().Without("lead").Build());

        Assert.Equal(new Dictionary<string, double> { ["title"] = 1, ["lead"] = 1 }, Totals("budapest_post.articles.rejected", "reason"));
        Assert.Empty(Totals("budapest_post.articles.published"));
    }

    [Fact]
    public void Instruments_FeedbackAndUnavailable_AreTaggedByOutcomeAndCause()
    {
        AppTelemetry.FeedbackSubmitted(HttpOutcomeMiddleware.FeedbackOutcome(201));
        AppTelemetry.FeedbackSubmitted(HttpOutcomeMiddleware.FeedbackOutcome(429));
        AppTelemetry.FeedbackSubmitted(HttpOutcomeMiddleware.FeedbackOutcome(400));
        AppTelemetry.FeedbackSubmitted(HttpOutcomeMiddleware.FeedbackOutcome(404));
        AppTelemetry.ServiceUnavailable("Health");
        AppTelemetry.RelatedIndexed(TimeSpan.FromMilliseconds(12));

        Assert.Equal(new Dictionary<string, double> { ["accepted"] = 1, ["rate_limited"] = 1, ["refused"] = 2 },
            Totals("budapest_post.feedback.submissions", "outcome"));
        Assert.Equal(new Dictionary<string, double> { ["Health"] = 1 }, Totals("budapest_post.http.unavailable", "cause"));
        Assert.Equal(1, Totals("budapest_post.related.index.duration")[""]);
    }
}
