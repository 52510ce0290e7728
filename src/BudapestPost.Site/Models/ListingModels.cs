namespace BudapestPost.Site.Models;

/// <summary>The front page: the newest articles, then the newsletter box.</summary>
public sealed record FrontPageModel(
    SiteFrame Site, PageHead Head, IReadOnlyList<ArticleCardModel> Articles, PageLinks Paging, NewsletterFormModel Newsletter)
    : SitePage(Site, Head);

/// <summary>A section's or a tag's articles, newest first.</summary>
public sealed record ListingPageModel(
    SiteFrame Site, PageHead Head, string Heading, IReadOnlyList<ArticleCardModel> Articles, PageLinks Paging)
    : SitePage(Site, Head);

/// <summary>The search page: the query, why it was refused (if it was), and a page of results.</summary>
public sealed record SearchPageModel(
    SiteFrame Site, PageHead Head, string Query, IReadOnlyList<FieldMessage> Errors, int? Total,
    IReadOnlyList<SearchResultModel> Results, PageLinks Paging)
    : SitePage(Site, Head);

/// <summary>A search hit. Both highlights are HTML-escaped text in which <c>&lt;mark&gt;</c> is the only markup.</summary>
public sealed record SearchResultModel(string Href, string TitleHtml, string TextHtml, DateTimeOffset Published);

/// <summary>The public corrections log, newest first.</summary>
public sealed record CorrectionsPageModel(
    SiteFrame Site, PageHead Head, IReadOnlyList<CorrectionEntryModel> Corrections, PageLinks Paging)
    : SitePage(Site, Head);

/// <summary>One correction in the log, linking to its note on the article's page.</summary>
public sealed record CorrectionEntryModel(string ArticleTitle, string Href, DateTimeOffset At, string Text, bool Retracted);
