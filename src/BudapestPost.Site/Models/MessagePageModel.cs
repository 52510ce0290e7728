namespace BudapestPost.Site.Models;

/// <summary>
/// A page that says one thing: a newsletter step, a form's receipt, an error. It may offer one button (a form that
/// posts hidden values, e.g. a link's token) and links onwards. <see cref="Region"/> names the element a form's
/// script swaps in place of the form, so a receipt reads the same with and without script.
/// </summary>
public sealed record MessagePageModel(
    SiteFrame Site,
    PageHead Head,
    string Heading,
    IReadOnlyList<string> Paragraphs,
    ButtonFormModel? Button = null,
    IReadOnlyList<Link>? Links = null,
    string? Region = null,
    bool ShowSearch = false) : SitePage(Site, Head);

/// <summary>A form with hidden values and one button.</summary>
public sealed record ButtonFormModel(string Action, string Label, IReadOnlyDictionary<string, string> Hidden);

/// <summary>The newsletter sign-up on a page of its own: how it shows refused fields.</summary>
public sealed record NewsletterPageModel(SiteFrame Site, PageHead Head, NewsletterFormModel Form) : SitePage(Site, Head);
