namespace BudapestPost.Functions.Articles;

public static class ArticleUrls
{
    public static string Article(string slug) => "/api/articles/" + slug;
}
