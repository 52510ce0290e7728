namespace BudapestPost.Functions.Articles;

/// <summary>
/// The narration of an article, when it has one. Declared here and implemented by the audio feature, so
/// reading an article does not depend on how narrations are made.
/// </summary>
public interface IArticleAudio
{
    /// <summary>The live narration of a published article, or null when it has none (yet).</summary>
    Task<ArticleAudio?> FindAsync(string slug, CancellationToken cancellationToken);
}

/// <summary>
/// An article's narration as the article JSON shows it. <see cref="Url"/> is content-addressed: it changes
/// whenever the audio does, so it may be cached for good.
/// </summary>
public sealed record ArticleAudio(string Url, string MimeType, double DurationSeconds, long Bytes, string Voice);
