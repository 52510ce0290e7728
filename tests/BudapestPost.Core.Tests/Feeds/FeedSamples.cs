using BudapestPost.Core.Articles;
using BudapestPost.Core.Feeds;
using BudapestPost.Testing;

namespace BudapestPost.Core.Tests.Feeds;

/// <summary>Feed entries made from the sample articles, and the channel of the site-wide feed.</summary>
internal static class FeedSamples
{
    public const string SiteUrl = "https://budapestpost.example";
    public const string FeedsUrl = "http://127.0.0.1:7071/api/feeds/";

    public static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly FeedChannel Channel = new(
        "Budapest Post", "News from Budapest and beyond", "en", "Budapest Post", SiteUrl + "/",
        FeedsUrl + "rss.xml", FeedsUrl + "atom.xml", FeedsUrl + "feed.json");

    public static IReadOnlyList<Article> Articles { get; } = Directory
        .EnumerateFiles(Path.Combine(RepositoryRoot.Path, "samples", "articles"))
        .Order(StringComparer.Ordinal)
        .Select(path => ArticleParser.Parse(Path.GetFileName(path), File.ReadAllBytes(path)).Value!)
        .ToList();

    public static string UrlOf(string slug) => $"{SiteUrl}/articles/{slug}";

    public static FeedEntry Entry(Article article, string? author = null) =>
        FeedEntry.From(article, ArticleRenderer.Render(article.Body), UrlOf(article.Slug), author);

    /// <summary>The site-wide feed of every sample article, as publishes in file order leave it.</summary>
    public static FeedEntryList<FeedEntry> SiteFeed()
    {
        var list = new FeedEntryList<FeedEntry>();
        foreach (var article in Articles)
        {
            list.Upsert(Entry(article), Now);
        }
        return list;
    }

    public static FeedEntry Synthetic(string slug, DateTimeOffset published, params string[] tags) =>
        new(slug, "Title of " + slug, "Lead of " + slug, "<p>Body of " + slug + "</p>", UrlOf(slug),
            published, null, tags, "europe", null);
}
