namespace BudapestPost.Site.Models;

/// <summary>
/// The article page, laid out as the seed page: the article, its AI notice with the report form, the newsletter
/// box, then the "Related Articles" headlines.
/// </summary>
public sealed record ArticlePageModel(
    SiteFrame Site,
    PageHead Head,
    ArticleModel Article,
    ReportFormModel Report,
    NewsletterFormModel Newsletter,
    IReadOnlyList<Link> Headlines) : SitePage(Site, Head);

/// <summary>One published article as its page shows it. <see cref="BodyHtml"/> is the sanitized HTML of its body.</summary>
public sealed record ArticleModel(
    string Slug,
    string Title,
    string Lead,
    DateTimeOffset Published,
    DateTimeOffset? Updated,
    Link? Section,
    IReadOnlyList<Link> Tags,
    bool AiGenerated,
    string BodyHtml,
    IReadOnlyList<CorrectionModel> Corrections,
    AudioModel? Audio = null);

/// <summary>A public correction, with the fragment (<c>correction-20250216T090000Z</c>) its links point at.</summary>
public sealed record CorrectionModel(string Anchor, DateTimeOffset At, string Text);

/// <summary>A narration of the article; the page's audio slot shows a player only when an article has one.</summary>
public sealed record AudioModel(string Source, string MediaType, TimeSpan Duration);

/// <summary>An article in a listing: its headline links to its page.</summary>
public sealed record ArticleCardModel(string Title, string Lead, string Href, DateTimeOffset Published, Link? Section);

/// <summary>A retracted article: the notice, with the corrections it had.</summary>
public sealed record RetractedPageModel(
    SiteFrame Site, PageHead Head, string Title, DateTimeOffset? RetractedAt, IReadOnlyList<CorrectionModel> Corrections) : SitePage(Site, Head);

/// <summary>The report form on a page of its own: how it shows refused fields, and its only form without script.</summary>
public sealed record ReportPageModel(SiteFrame Site, PageHead Head, Link Article, ReportFormModel Form) : SitePage(Site, Head);
