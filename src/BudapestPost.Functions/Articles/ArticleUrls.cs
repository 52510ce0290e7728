namespace BudapestPost.Functions.Articles;

/// <summary>The API's URLs for an article and what hangs off it.</summary>
public static class ArticleUrls
{
    public static string Article(string slug) => "/api/articles/" + slug;

    public static string FeedbackReport(string slug, string id) => $"/api/feedback/{slug}/{id}";
}
