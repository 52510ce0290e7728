using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BudapestPost.Functions.Telemetry;

/// <summary>
/// The app's own spans and metrics (source and meter "BudapestPost"), exported alongside the worker's
/// and the Azure SDK's by <see cref="TelemetryServices"/>. Static, like the runtime's own sources, so
/// that the few places that record need no extra dependency.
/// </summary>
public static class AppTelemetry
{
    public const string Name = "BudapestPost";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> ArticlesPublished = Meter.CreateCounter<long>(
        "budapest_post.articles.published", "{article}", "Article versions that went live.");

    private static readonly Counter<long> ArticlesRejected = Meter.CreateCounter<long>(
        "budapest_post.articles.rejected", "{article}", "Uploaded article files refused, by the first invalid field (reason).");

    private static readonly Histogram<double> PublishToLive = Meter.CreateHistogram<double>(
        "budapest_post.articles.publish_to_live", "s", "From the upload of an article file to its version being live.");

    private static readonly Histogram<double> RelatedIndexDuration = Meter.CreateHistogram<double>(
        "budapest_post.related.index.duration", "s", "Time to apply one article file to the related-article indexes.");

    private static readonly Counter<long> FeedbackSubmissions = Meter.CreateCounter<long>(
        "budapest_post.feedback.submissions", "{report}", "Reader reports, by the outcome tag.");

    private static readonly Counter<long> Unavailable = Meter.CreateCounter<long>(
        "budapest_post.http.unavailable", "{response}", "503 answers, by the function whose storage did not answer (cause).");

    private static readonly Counter<long> CharactersSynthesized = Meter.CreateCounter<long>(
        "budapest_post.audio.characters_synthesized", "{character}", "Characters of spoken text sent to the speech synthesizer (what text to speech bills).");

    private static readonly Counter<double> SecondsRendered = Meter.CreateCounter<double>(
        "budapest_post.audio.seconds_rendered", "s", "Seconds of narration audio synthesized.");

    public const string CacheLookupsMetric = "budapest_post.cache.lookups";

    private static readonly Counter<long> CacheLookups = Meter.CreateCounter<long>(
        CacheLookupsMetric, "{lookup}",
        "Reads of the in-memory read cache, by area (what it holds) and result: hit (served from memory) or miss (waited for storage).");

    /// <summary>A span for a blob-triggered step, named after it, tagged with the file.</summary>
    public static Activity? StartBlobActivity(string operation, string blobName) =>
        ActivitySource.StartActivity(operation, ActivityKind.Consumer)?.SetTag("budapest_post.blob.name", blobName);

    public static void ArticlePublished(TimeSpan sinceUpload)
    {
        ArticlesPublished.Add(1);
        PublishToLive.Record(Math.Max(0, sinceUpload.TotalSeconds));
    }

    public static void ArticleRejected(string reason) => ArticlesRejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public static void RelatedIndexed(TimeSpan elapsed) => RelatedIndexDuration.Record(elapsed.TotalSeconds);

    public static void NarrationSynthesized(int characters, TimeSpan audio)
    {
        CharactersSynthesized.Add(characters);
        SecondsRendered.Add(audio.TotalSeconds);
    }

    public static void FeedbackSubmitted(string outcome) =>
        FeedbackSubmissions.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Counts one read of the read cache; the hit ratio of an area is its hits over all its lookups.</summary>
    public static void CacheLookedUp(string area, bool hit) =>
        CacheLookups.Add(1, new KeyValuePair<string, object?>("area", area), new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    public static void ServiceUnavailable(string cause) => Unavailable.Add(1, new KeyValuePair<string, object?>("cause", cause));
}
