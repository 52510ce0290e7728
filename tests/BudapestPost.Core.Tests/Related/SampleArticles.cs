using BudapestPost.Core.Articles;
using BudapestPost.Testing;

namespace BudapestPost.Core.Tests.Related;

/// <summary>The files in samples/articles: the seed article and its 50 related headlines, no tags.</summary>
internal static class SampleArticles
{
    public static IReadOnlyList<Article> All { get; } = Directory
        .EnumerateFiles(Path.Combine(RepositoryRoot.Path, "samples", "articles"), "*.md")
        .Order(StringComparer.Ordinal)
        .Select(path => ArticleParser.Parse(Path.GetFileName(path), File.ReadAllBytes(path)).Value!)
        .ToArray();

    public static string SlugOf(string title) => All.Single(article => article.Title == title).Slug;
}
