namespace BudapestPost.Functions.Articles;

public sealed record ArticleListPage(IReadOnlyList<ArticleListItem> Items, string? Continuation);
