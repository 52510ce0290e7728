using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Caching;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Audio;

/// <summary>
/// An article's narration as readers get it, from memory first: the narration row is read again after
/// <see cref="ReadCacheOptions.FreshFor"/>, so a new narration or a takedown shows on every instance within that.
/// </summary>
public sealed class ArticleAudioReader(NarrationStore store, ReadThroughCache cache, IOptions<AudioOptions> options) : IArticleAudio
{
    public static string CacheKey(string slug) => $"audio/{slug}";

    /// <summary>The API path of a narration file: content-addressed, so it is cached for good.</summary>
    public static string Url(string slug, string contentHash) => ArticleUrls.Article(slug) + $"/audio/{contentHash}.mp3";

    public async Task<ArticleAudio?> FindAsync(string slug, CancellationToken cancellationToken) =>
        !options.Value.Enabled
            ? null
            : await cache.GetOrLoadFreshAsync(CacheKey(slug), async () =>
            {
                var row = await store.FindAsync(slug, CancellationToken.None);
                return row is { ContentHash: { } hash, Voice: { } voice }
                    ? new ArticleAudio(Url(slug, hash), NarrationStore.MimeType, row.DurationSeconds, row.Bytes, voice)
                    : null;
            }, audio => audio is null ? 16 : 2L * (audio.Url.Length + audio.Voice.Length) + 64, cancellationToken);
}
