namespace BudapestPost.Core.Articles;

/// <summary>The size limits an article file must keep.</summary>
public static class ArticleFileLimits
{
    /// <summary>1 MiB: several times the longest news article, small enough to parse in memory.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    public const int MaxTitleLength = 200;

    public const int MaxLeadLength = 600;

    public const int MaxTags = 12;
}
