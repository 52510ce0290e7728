namespace BudapestPost.Functions.Articles;

public sealed record ArticleListItem(
    string Slug, string Title, string Lead, DateTimeOffset Published, IReadOnlyList<string> Tags, string? Section, string Url)
{
    public static ArticleListItem From(CatalogEntity row) =>
        new(row.Slug, row.Title, row.Lead, row.Published, row.TagList, row.Section, ArticleUrls.Article(row.Slug));
}
