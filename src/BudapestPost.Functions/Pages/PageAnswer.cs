namespace BudapestPost.Functions.Pages;

/// <summary>
/// What a page service answers: a page with its status, or a 303 to another page. Only a 200 that shows the same
/// to everyone is <see cref="Shared"/>, and so cacheable by browsers and CDNs as the API's anonymous reads are.
/// </summary>
/// <param name="CacheControl">For shared answers whose address changes with their content (the site's files): how long to keep them.</param>
public sealed record PageAnswer(
    int Status, CompressedContent? Content, string? Location = null, TimeSpan? RetryAfter = null, bool Shared = false, string? CacheControl = null)
{
    /// <summary>A page everyone gets the same: 200, cacheable.</summary>
    public static PageAnswer Ok(CompressedContent content) => new(200, content, Shared: true);

    /// <summary>A page with a status of its own (4xx, 5xx, or a 200 for one reader): never stored by caches.</summary>
    public static PageAnswer With(int status, CompressedContent content, TimeSpan? retryAfter = null) => new(status, content, RetryAfter: retryAfter);

    /// <summary>After a form post: the browser GETs <paramref name="location"/>.</summary>
    public static PageAnswer SeeOther(string location) => new(303, null, location);
}
