namespace BudapestPost.Functions.Feedback;

public static class FeedbackUrls
{
    public static string Report(string slug, string id) => $"/api/feedback/{slug}/{id}";
}
