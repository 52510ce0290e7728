using System.Text.Json;
using BudapestPost.Site.Models;

namespace BudapestPost.Site.Shared;

/// <summary>
/// schema.org <c>NewsArticle</c> for an article page's <c>application/ld+json</c> block. The serializer escapes
/// <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c>, so no text of the article can close the script element.
/// </summary>
public static class NewsArticleJsonLd
{
    public static string For(PageHead head, ArticleMeta article, string canonicalUrl, string language) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "NewsArticle",
            ["headline"] = head.Title,
            ["description"] = head.Description,
            ["datePublished"] = Dates.Iso(article.Published),
            ["dateModified"] = Dates.Iso(article.Modified),
            ["mainEntityOfPage"] = canonicalUrl,
            ["url"] = canonicalUrl,
            ["inLanguage"] = language,
            ["articleSection"] = article.Section,
            ["keywords"] = article.Tags.Count == 0 ? null : string.Join(", ", article.Tags),
            ["isAccessibleForFree"] = true,
            ["publisher"] = new Dictionary<string, object?> { ["@type"] = "NewsMediaOrganization", ["name"] = article.PublisherName },
        }.Where(pair => pair.Value is not null).ToDictionary());
}
