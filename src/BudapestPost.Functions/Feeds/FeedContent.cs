using System.Net;
using BudapestPost.Core.Feeds;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Caching;

namespace BudapestPost.Functions.Feeds;

/// <summary>
/// The HTML content of feed entries, which the feeds' states leave out: an article entry's is the HTML of the
/// published version it names, an entry without one (a correction) has its summary as a paragraph.
/// </summary>
/// <remarks>
/// A version never changes under its content hash, so its HTML stays in the read cache until memory runs short.
/// A feed rendered on an instance that holds none of its versions reads them side by side, one request per entry
/// (at most <see cref="FeedEntryList.Capacity"/>); after that, a changed state costs only the versions it did not
/// hold, usually the one its publish added. The instance that publishes a version keeps its HTML at once.
/// </remarks>
public sealed class FeedContent(PublishedArticles published, ReadThroughCache cache)
{
    /// <summary>The content of every entry, by slug.</summary>
    public async Task<IReadOnlyDictionary<string, string>> LoadAsync(IReadOnlyList<FeedEntry> entries)
    {
        var contents = await Task.WhenAll(entries.Select(entry => entry.ContentHash is { } hash
            ? HtmlAsync(entry.Slug, hash)
            : Task.FromResult($"<p>{WebUtility.HtmlEncode(entry.Summary)}</p>")));
        return entries.Select(entry => entry.Slug).Zip(contents).ToDictionary();
    }

    /// <summary>Keeps the HTML of a version this instance has in hand, so its feeds are rendered without reading it.</summary>
    public Task RememberAsync(string slug, string contentHash, string html) =>
        cache.GetOrLoadAsync(Key(slug, contentHash), () => Task.FromResult(html), SizeInBytes, CancellationToken.None);

    private Task<string> HtmlAsync(string slug, string contentHash) =>
        cache.GetOrLoadAsync(Key(slug, contentHash), async () =>
            (await published.ReadAsync(slug, contentHash, CancellationToken.None))?.Html
                ?? throw new InvalidOperationException(
                    $"The published version {contentHash} of '{slug}', an entry of a feed, is missing; publish the article again."),
            SizeInBytes, CancellationToken.None);

    private static string Key(string slug, string contentHash) => $"feeds/content/{slug}/{contentHash}";

    private static long SizeInBytes(string html) => 2L * html.Length;
}
