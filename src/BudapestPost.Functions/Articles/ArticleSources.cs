namespace BudapestPost.Functions.Articles;

/// <summary>The blob container that holds article files, the source of truth: <c>{slug}.md</c>.</summary>
public static class ArticleSources
{
    /// <summary>Fixed, because trigger attributes need a constant and the infrastructure wires events to it.</summary>
    public const string Container = "articles";

    public const string TriggerPath = Container + "/{name}";

    public static string BlobName(string slug) => slug + ".md";

}
