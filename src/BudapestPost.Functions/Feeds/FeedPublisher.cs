using System.Text.Json;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Feeds;
using BudapestPost.Functions.Articles;
using Microsoft.Extensions.Logging;

namespace BudapestPost.Functions.Feeds;

/// <summary>
/// Keeps the feeds and sitemaps current as articles are published: each publish changes only the
/// states of the feeds the article is or was in, its sitemap day (or two, if its date moved) and that
/// day's line in its month, the index when a month gains its first article or loses its last, and the
/// Google News sitemap (one blob each; they are rendered when read), so its cost depends neither on
/// the size of the corpus nor on that of the month.
/// </summary>
/// <remarks>
/// Where the article appeared after its last publish (its <see cref="FeedPlacement"/>) is kept in
/// <c>feeds/placements/{slug}.json</c> and written last: a retry after a crash sees the old
/// placement again and redoes every step, and each step is idempotent.
/// </remarks>
public sealed class FeedPublisher(
    FeedBlobs blobs,
    FeedBackfill backfill,
    FeedRenderer renderer,
    TimeProvider time,
    ILogger<FeedPublisher> logger) : IArticleLiveListener
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task ArticleLiveAsync(Article article, RenderedArticle rendered, CancellationToken cancellationToken) =>
        PublishAsync(article, rendered, cancellationToken);

    /// <summary>
    /// Places the live version of an article; returns the bytes written. The publisher calls it
    /// under the slug's turn (see <see cref="IArticleLiveListener"/>), so an older version never
    /// overwrites a newer one in a feed.
    /// </summary>
    public async Task<long> PublishAsync(Article article, RenderedArticle rendered, CancellationToken cancellationToken)
    {
        var placementPath = FeedRenderer.Placement(article.Slug);
        var before = (await blobs.ReadAsync(placementPath, cancellationToken))?.ToObjectFromJson<FeedPlacement>(Json)
            ?? FeedPlacement.Nowhere;
        var after = FeedPlacement.Of(article);
        var url = renderer.ArticleUrl(article.Slug);
        var now = time.GetUtcNow();

        if (after.Scopes.Count > 0)
        {
            await renderer.RememberAsync(FeedEntry.From(article, rendered, url), article.ContentHash);
        }
        // Every feed, the sitemap months and the news sitemap are separate states: updated side by side.
        var entry = FeedArticle.Of(article);
        var feedUpdates = after.ScopesToTouch(before).Select(scope =>
            UpdateFeedAsync(scope, article.Slug, after.Scopes.Contains(scope) ? entry : null, now, cancellationToken));
        var sitemapEntry = new SitemapEntry(article.Slug, url, article.Updated ?? article.Published);
        var newsEntry = after.Day is null ? null : new NewsEntry(article.Slug, url, article.Title, article.Published);
        var written = (await Task.WhenAll(feedUpdates.Append(
            UpdateDaysAsync(after.DaysToTouch(before), article.Slug, after.Day, sitemapEntry, cancellationToken)).Append(
            UpdateNewsAsync(news => newsEntry is null ? news.Remove(article.Slug, now) : news.Upsert(newsEntry, now), cancellationToken)))).Sum();

        if (!after.Equals(before))
        {
            written += await blobs.WriteAsync(PlacementFile(article.Slug, after), cancellationToken);
        }
        logger.LogInformation("Placed {Slug} in {Feeds} feeds and {Days} sitemap days ({Bytes} bytes written)",
            article.Slug, after.Scopes.Count, after.Day is null ? 0 : 1, written);
        return written;
    }

    public static StoredFile PlacementFile(string slug, FeedPlacement placement) =>
        new(FeedRenderer.Placement(slug), JsonSerializer.SerializeToUtf8Bytes(placement, Json), "application/json");

    /// <summary>Drops Google News entries that left the two-day window.</summary>
    public Task<long> RefreshNewsAsync(CancellationToken cancellationToken) =>
        UpdateNewsAsync(news => news.Prune(time.GetUtcNow()), cancellationToken);

    private Task<long> UpdateFeedAsync(FeedScope scope, string slug, FeedArticle? entry, DateTimeOffset now, CancellationToken cancellationToken) =>
        blobs.UpdateAsync(
            FeedRenderer.FeedState(scope),
            content => content is null ? new FeedEntryList<FeedArticle>() : FeedEntryList<FeedArticle>.FromJson(content),
            async list =>
            {
                var changed = entry is null ? list.Remove(slug, now) : list.Upsert(entry, now);
                if (!list.NeedsRefill)
                {
                    return changed;
                }
                var (older, exhausted) = await backfill.OlderAsync(scope, list.Oldest, FeedEntryList.Capacity - list.Entries.Count, cancellationToken);
                list.AppendOlder(older, exhausted);
                return true;
            },
            list => list.ToJson(),
            cancellationToken);

    // One after the other: each day's change is then set in its month, and the month's in the index.
    private async Task<long> UpdateDaysAsync(
        IReadOnlyList<string> days, string slug, string? day, SitemapEntry entry, CancellationToken cancellationToken)
    {
        long written = 0;
        foreach (var touched in days)
        {
            written += await UpdateDayAsync(touched, slug, touched == day ? entry : null, cancellationToken);
        }
        return written;
    }

    // The month and the index are also updated when the day did not change, so a crash between them is repaired on retry.
    private async Task<long> UpdateDayAsync(string day, string slug, SitemapEntry? entry, CancellationToken cancellationToken)
    {
        var (dayWritten, updatedDay) = await UpdateSitemapAsync(
            FeedRenderer.DayState(day),
            content => content is null ? new SitemapDay(day) : SitemapDay.FromJson(content),
            state => entry is null ? state.Remove(slug) : state.Upsert(entry),
            // A day left without articles is deleted, as a rebuild would not write it.
            state => state.Entries.Count == 0 ? null : state.ToJson(),
            cancellationToken);
        var (monthWritten, month) = await UpdateSitemapAsync(
            FeedRenderer.MonthState(updatedDay.Month),
            content => content is null ? new SitemapMonth(updatedDay.Month) : SitemapMonth.FromJson(content),
            state => state.Set(updatedDay),
            state => state.ToJson(),
            cancellationToken);
        var (indexWritten, _) = await UpdateSitemapAsync(
            FeedRenderer.IndexState,
            content => content is null ? new SitemapIndex() : SitemapIndex.FromJson(content),
            index => index.Set(month),
            index => index.ToJson(),
            cancellationToken);
        return dayWritten + monthWritten + indexWritten;
    }

    private async Task<long> UpdateNewsAsync(Func<NewsSitemap, bool> change, CancellationToken cancellationToken) =>
        (await UpdateSitemapAsync(
            FeedRenderer.NewsState,
            content => content is null ? new NewsSitemap() : NewsSitemap.FromJson(content),
            change,
            news => news.ToJson(),
            cancellationToken)).Written;

    // Returns the state as committed too, for the state above it.
    private async Task<(long Written, TState State)> UpdateSitemapAsync<TState>(
        string statePath, Func<BinaryData?, TState> load, Func<TState, bool> change, Func<TState, byte[]?> save, CancellationToken cancellationToken)
        where TState : class
    {
        TState? updated = null;
        var written = await blobs.UpdateAsync(statePath, load, state =>
        {
            updated = state;
            return Task.FromResult(change(state));
        }, save, cancellationToken);
        return (written, updated!);
    }
}
