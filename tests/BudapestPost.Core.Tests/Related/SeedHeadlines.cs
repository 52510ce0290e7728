using System.Text.RegularExpressions;
using BudapestPost.Core.Articles;
using BudapestPost.Testing;

namespace BudapestPost.Core.Tests.Related;

/// <summary>The 50 "Related Articles" headlines of the seed page as title-only articles, no tags.</summary>
internal static partial class SeedHeadlines
{
    public static IReadOnlyList<string> Titles { get; } =
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Related", "SeedHeadlines.txt"))
            .Where(line => line.Length > 0)
            .ToArray();

    public static IReadOnlyList<Article> Articles() =>
        Titles.Select(title => new ArticleBuilder().WithSlug(Slug(title)).WithTitle(title).Build()).ToArray();

    public static string Slug(string title) =>
        NonAlphanumeric().Replace(title.ToLowerInvariant(), "-").Trim('-');

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonAlphanumeric();
}
