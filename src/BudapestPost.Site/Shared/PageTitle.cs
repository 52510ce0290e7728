namespace BudapestPost.Site.Shared;

/// <summary>
/// A page's <c>&lt;title&gt;</c>: the page's own title, then the site's name when both fit in 70 characters, which is
/// about what search results and tabs show; a longer headline is cut at a word.
/// </summary>
public static class PageTitle
{
    public const int MaxLength = 70;
    private const string Separator = " – ";

    public static string For(string title, string siteTitle)
    {
        if (title == siteTitle)
        {
            return Cut(title);
        }
        var full = title + Separator + siteTitle;
        return full.Length <= MaxLength ? full : Cut(title);
    }

    private static string Cut(string text)
    {
        if (text.Length <= MaxLength)
        {
            return text;
        }
        var end = text.LastIndexOf(' ', MaxLength - 1);
        return text[..(end > MaxLength / 2 ? end : MaxLength - 1)].TrimEnd(' ', ',', ';', ':', '–', '-') + "…";
    }
}
