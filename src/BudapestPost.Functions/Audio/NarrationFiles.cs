using BudapestPost.Core.Articles;
using BudapestPost.Functions.Articles;

namespace BudapestPost.Functions.Audio;

/// <summary>Narration files as listeners ask for them: only of a published article, and gone with a retraction at once.</summary>
public sealed class NarrationFiles(NarrationStore store, ArticleReader articles)
{
    public async Task<NarrationFile> OpenAsync(string slug, string contentHash, CancellationToken cancellationToken)
    {
        // The article's status from memory first: a retraction takes its audio down with it.
        var status = await articles.StatusAsync(slug, cancellationToken);
        if (status == ArticleStatus.Retracted)
        {
            return new NarrationFile(NarrationFileOutcome.Retracted);
        }
        return status == ArticleStatus.Published && await store.OpenReadAsync(slug, contentHash, cancellationToken) is { } content
            ? new NarrationFile(NarrationFileOutcome.Found, content)
            : new NarrationFile(NarrationFileOutcome.NotFound);
    }
}

public enum NarrationFileOutcome
{
    Found,
    NotFound,
    Retracted,
}

/// <summary>How an open ended; when found, a seekable read of the MP3 that fetches the ranges read.</summary>
public sealed record NarrationFile(NarrationFileOutcome Outcome, Stream? Content = null);
