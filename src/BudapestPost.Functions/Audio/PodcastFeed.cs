using System.Security.Cryptography;
using BudapestPost.Core.Audio;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Feeds;
using BudapestPost.Functions.Site;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Audio;

/// <summary>
/// The podcast of narrated articles, <c>feeds/audio.xml</c>: the newest <see cref="MaxEpisodes"/> episodes, read
/// from the <c>episodes</c> partition (one range read, whatever the corpus) at most once per
/// <see cref="ReadCacheOptions.FreshFor"/> per instance, and rendered once per read.
/// </summary>
public sealed class PodcastFeed(
    NarrationStore store, ReadThroughCache cache, IOptions<AudioOptions> audio, IOptions<SiteOptions> site, IOptions<FeedsOptions> feeds)
{
    public const int MaxEpisodes = 50;
    public const string Path = "feeds/audio.xml";

    public Task<RenderedPodcast> RenderAsync(CancellationToken cancellationToken) =>
        cache.GetOrLoadFreshAsync("podcast", async () =>
        {
            var rows = await store.ListEpisodesAsync(MaxEpisodes, CancellationToken.None);
            var episodes = rows.Select(row => new PodcastEpisode(
                row.Slug, row.Title, row.Lead, row.Published, site.Value.ArticleUrl(row.Slug).AbsoluteUri,
                feeds.Value.Url($"articles/{row.Slug}/audio/{row.ContentHash}.mp3"), NarrationStore.MimeType, row.Bytes, row.DurationSeconds)).ToList();
            var bytes = PodcastFeedWriter.Write(Channel(), episodes);
            return new RenderedPodcast(bytes, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16))}\"");
        }, podcast => podcast.Content.Length + 64, cancellationToken);

    private PodcastChannel Channel()
    {
        var options = site.Value;
        var home = options.BaseUrl.TrimEnd('/') + "/";
        return new PodcastChannel(
            $"{options.Title}: listen", $"Every article of {options.PublicationName}, read aloud.", options.Language, home,
            feeds.Value.Url(Path), options.PublicationName, audio.Value.PodcastOwnerEmail,
            audio.Value.PodcastImageUrl ?? home + "podcast.png", audio.Value.PodcastCategory);
    }
}

/// <summary>The podcast's RSS bytes with a strong ETag over them.</summary>
public sealed record RenderedPodcast(byte[] Content, string ETag);
