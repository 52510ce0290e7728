using System.Net;
using BudapestPost.Core.Feeds;
using BudapestPost.Functions.Feeds;

namespace BudapestPost.Functions.Corrections;

/// <summary>
/// The corrections log as RSS, Atom and JSON Feed (<c>/api/feeds/corrections/…</c>): its newest
/// <see cref="FeedEntryList.Capacity"/> corrections, kept as a feed state like the article feeds (and
/// rendered like them when read), changed only when log rows change, by the entries of those rows alone.
/// </summary>
/// <remarks>
/// An entry's key (the feed's guid) is the article's slug and the correction's time; its link is the
/// article's canonical URL at the correction's anchor. Corrections never leave the log, so entries
/// are only added or replaced (a retraction notes itself on its article's corrections).
/// </remarks>
public sealed class CorrectionFeed(FeedBlobs blobs, FeedRenderer renderer, TimeProvider time)
{
    /// <summary>Puts changed log rows into the feed; a first write starts from the newest rows of the log.</summary>
    public Task UpdateAsync(
        IReadOnlyList<CorrectionLogEntity> changed, Func<Task<IReadOnlyList<CorrectionLogEntity>>> newest, CancellationToken cancellationToken) =>
        blobs.UpdateAsync(
            FeedRenderer.CorrectionsState,
            content => content is null ? new FeedEntryList<FeedEntry>() : FeedEntryList<FeedEntry>.FromJson(content),
            async list =>
            {
                var rows = list.ChangedAt is null ? (await newest()).Concat(changed) : changed;
                var now = time.GetUtcNow();
                var updated = false;
                foreach (var row in rows)
                {
                    updated |= list.Upsert(EntryOf(row), now);
                }
                return updated;
            },
            list => list.ToJson(),
            cancellationToken);

    private FeedEntry EntryOf(CorrectionLogEntity row)
    {
        var anchor = ArticleCorrector.Anchor(row.At);
        var summary = row.Retracted ? $"{row.Text} (The article has since been retracted.)" : row.Text;
        return new FeedEntry($"{row.Slug}/{anchor}", $"Correction: {row.Title}", summary,
            $"<p>{WebUtility.HtmlEncode(summary)}</p>", $"{renderer.ArticleUrl(row.Slug)}#{anchor}",
            row.At, Updated: null, Tags: [], Section: null, Author: null);
    }
}
