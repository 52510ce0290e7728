using System.Text.RegularExpressions;
using BudapestPost.Core.Articles;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Editors;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace BudapestPost.Functions.Audio;

/// <summary>
/// Narrations for listeners: the MP3 files (storage stays private; the app serves them with HEAD, ranges,
/// If-Range and a strong ETag, cacheable for good since the URL names the bytes), the podcast feed, and the
/// admin request that narrates every article again where needed.
/// </summary>
public sealed partial class AudioHttp(
    NarrationFiles files, PodcastFeed podcast, ArticleNarrator narrator,
    IOptions<AudioOptions> options, IOptions<ReadCacheOptions> cacheOptions)
{
    /// <summary>A year, the longest a cache is asked to keep anything; the URL changes when the audio does.</summary>
    private const string Immutable = "public, max-age=31536000, immutable";

    [Function(nameof(GetArticleAudio))]
    public async Task<IActionResult> GetArticleAudio(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/articles/{slug}/audio/{file}")] HttpRequest request,
        string slug,
        string file,
        CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(slug))
        {
            return Problems.InvalidSlug("slug");
        }
        if (!options.Value.Enabled || AudioFileName().Match(file) is not { Success: true } name)
        {
            return Problems.NotFound($"There is no audio '{file}' of the article '{slug}'.");
        }
        var hash = name.Groups["hash"].Value;
        var audio = await files.OpenAsync(slug, hash, cancellationToken);
        return audio.Outcome switch
        {
            NarrationFileOutcome.Found => Immutably(request, new FileStreamResult(audio.Content!, NarrationStore.MimeType)
            {
                EnableRangeProcessing = true,
                EntityTag = new EntityTagHeaderValue($"\"{hash}\""),
            }),
            NarrationFileOutcome.Retracted => Problems.Gone($"The article '{slug}' was retracted."),
            _ => Problems.NotFound($"There is no audio '{file}' of the article '{slug}'."),
        };
    }

    [Function(nameof(GetAudioFeed))]
    public async Task<IActionResult> GetAudioFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/" + PodcastFeed.Path)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return Problems.NotFound("Articles are not narrated here, so there is no podcast.");
        }
        var feed = await podcast.RenderAsync(cancellationToken);
        return HttpCaching.Cacheable(request, feed.ETag, cacheOptions.Value.FreshFor,
            () => new FileContentResult(feed.Content, Core.Feeds.RssFeedWriter.ContentType));
    }

    [Function(nameof(RenderAllAudio))]
    [RequiresRole(EditorRole.Admin)]
    [Audited("audio.render")]
    public async Task<IActionResult> RenderAllAudio(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/audio/render")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "audio-disabled", "Audio is off",
                "Set Audio__Enabled to true first; nothing was recorded.");
        }
        return new AcceptedResult((string?)null, new { articles = await narrator.SubmitAllAsync(cancellationToken) });
    }

    // ASP.NET Core answers HEAD, ranges (206, 416), If-Range and If-None-Match (304) from the stream's length and the ETag.
    private static IActionResult Immutably(HttpRequest request, IActionResult file)
    {
        request.HttpContext.Response.Headers.CacheControl = Immutable;
        return file;
    }

    [GeneratedRegex("^(?<hash>[0-9a-f]{64})\\.mp3\\z", RegexOptions.CultureInvariant)]
    private static partial Regex AudioFileName();
}
