using System.Diagnostics;
using Azure;
using BudapestPost.Core.Articles;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Logging;

namespace BudapestPost.Functions.Search;

/// <summary>Keeps the search index in step with the article files, one file at a time.</summary>
/// <remarks>
/// Writers take turns under a blob lease on <c>index/.lock</c>, and the file is read under it: so
/// whichever event for a slug runs last indexes the newest upload, whatever order events arrive
/// in, and two instances indexing at once each commit on top of the other. The commit point is
/// also saved only if it did not move (a holder whose lease ran out gets 412 and tries again from
/// the newer commit), so no change is lost even then.
/// </remarks>
public sealed class SearchIndexer(
    SearchIndexBlobs index,
    SearchReplica replica,
    ArticleFiles files,
    ILogger<SearchIndexer> logger)
{
    private const int MaxAttempts = 5;
    private const string FileExtension = ".md";

    /// <summary>
    /// Indexes the current content of one article file: a published article replaces its document;
    /// a draft, a retraction or a deleted file removes it; a file that does not parse changes
    /// nothing (the published version stays, as in the catalog). Returns whether a commit was made.
    /// </summary>
    public async Task<bool> ApplyAsync(string blobName, CancellationToken cancellationToken)
    {
        var slug = blobName.EndsWith(FileExtension, StringComparison.Ordinal) ? blobName[..^FileExtension.Length] : "";
        if (!Slug.IsValid(slug))
        {
            logger.LogInformation("{BlobName} is not named like an article file; search index unchanged", blobName);
            return false;
        }

        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var _ = await BlobLeaseLock.AcquireAsync(index.LockBlob, cancellationToken);
                var changed = await replica.ChangeAsync(async (editor, ct) =>
                    await ReadAsync(blobName, ct) is var (valid, article) && valid && editor.Apply(slug, article),
                    cancellationToken);
                logger.LogInformation("Search index {Outcome} for {BlobName} in {ElapsedMs} ms",
                    changed ? "changed" : "unchanged", blobName, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                return changed;
            }
            catch (RequestFailedException exception) when (attempt < MaxAttempts && exception.Status is 409 or 412)
            {
                logger.LogWarning("Search index moved underneath (attempt {Attempt}); retrying from the new commit", attempt);
            }
        }
    }

    /// <summary>The file as an article; (true, null) when it is gone; (false, null) when it is not a valid article.</summary>
    private async Task<(bool Valid, Article? Article)> ReadAsync(string blobName, CancellationToken cancellationToken)
    {
        if (await files.DownloadAsync(blobName, cancellationToken) is not { } file)
        {
            return (true, null);
        }
        var parsed = file.Parse();
        if (!parsed.IsValid)
        {
            logger.LogInformation("{BlobName} is not a valid article; search index unchanged", blobName);
        }
        return (parsed.IsValid, parsed.IsValid ? parsed.Value : null);
    }
}
