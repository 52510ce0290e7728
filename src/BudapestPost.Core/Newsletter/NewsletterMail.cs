using System.Globalization;
using System.Net;
using System.Text;

namespace BudapestPost.Core.Newsletter;

/// <summary>An email ready to send: subject, both bodies and the extra headers it must carry.</summary>
public sealed record MailContent(string Subject, string Html, string Text, IReadOnlyDictionary<string, string> Headers);

/// <summary>An article as a digest lists it.</summary>
public sealed record DigestArticle(string Slug, string Title, string Lead, DateTimeOffset Published, IReadOnlyList<string> Tags, string? Section)
{
    /// <summary>No topics means the whole newsletter; otherwise a tag or the section must be one of them.</summary>
    public bool MatchesAny(IReadOnlyCollection<string> topics) =>
        topics.Count == 0 || (Section is not null && topics.Contains(Section)) || Tags.Any(topics.Contains);
}

/// <summary>Where an email's links go.</summary>
/// <param name="OneClickUnsubscribe">The API address mail clients POST to (RFC 8058); also the List-Unsubscribe link.</param>
/// <param name="UnsubscribePage">The website page a reader who clicks "unsubscribe" in the body lands on.</param>
public sealed record MailLinks(string PublicationName, Uri Site, Uri OneClickUnsubscribe, Uri UnsubscribePage);

/// <summary>
/// Renders the newsletter's emails as HTML and plain text. Every email carries <c>List-Unsubscribe</c>
/// with an https link and <c>List-Unsubscribe-Post: List-Unsubscribe=One-Click</c> (RFC 8058), so mail
/// clients can offer unsubscribing in one click without opening a page.
/// </summary>
public static class NewsletterMail
{
    /// <summary>The confirmation email: fixed text and links only, so a sign-up form cannot send words of its own to anyone.</summary>
    public static MailContent Confirmation(MailLinks links, Uri confirmUrl, TimeSpan validFor)
    {
        const string greeting = "Hello,";
        var hours = ((int)validFor.TotalHours).ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder()
            .AppendLine(greeting).AppendLine()
            .AppendLine($"Please confirm that you want to receive the {links.PublicationName} newsletter:")
            .AppendLine(confirmUrl.AbsoluteUri).AppendLine()
            .AppendLine($"The link works for {hours} hours. If you did not sign up, ignore this email and nothing more will be sent.")
            .ToString();
        var html = new StringBuilder()
            .Append("<p>").Append(Encode(greeting)).Append("</p>")
            .Append("<p>Please confirm that you want to receive the ").Append(Encode(links.PublicationName)).Append(" newsletter:</p>")
            .Append("<p><a href=\"").Append(Encode(confirmUrl.AbsoluteUri)).Append("\">Confirm my subscription</a></p>")
            .Append("<p>The link works for ").Append(hours).Append(" hours. If you did not sign up, ignore this email and nothing more will be sent.</p>")
            .ToString();
        return new MailContent($"Confirm your {links.PublicationName} newsletter subscription", html, text, UnsubscribeHeaders(links));
    }

    /// <param name="articleUrl">The website address of an article, by slug.</param>
    public static MailContent Digest(MailLinks links, DateOnly date, IReadOnlyList<DigestArticle> articles, Func<string, Uri> articleUrl)
    {
        var day = date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        var text = new StringBuilder().AppendLine($"{links.PublicationName}, {day}").AppendLine();
        var html = new StringBuilder()
            .Append("<h1>").Append(Encode(links.PublicationName)).Append(", ").Append(Encode(day)).Append("</h1>");
        foreach (var article in articles)
        {
            var url = articleUrl(article.Slug).AbsoluteUri;
            text.AppendLine(article.Title).AppendLine(article.Lead).AppendLine(url).AppendLine();
            html.Append("<h2><a href=\"").Append(Encode(url)).Append("\">").Append(Encode(article.Title)).Append("</a></h2>")
                .Append("<p>").Append(Encode(article.Lead)).Append("</p>");
        }
        text.AppendLine($"Unsubscribe: {links.UnsubscribePage.AbsoluteUri}");
        html.Append("<p><a href=\"").Append(Encode(links.UnsubscribePage.AbsoluteUri)).Append("\">Unsubscribe</a></p>");

        var subject = articles.Count == 1
            ? $"{links.PublicationName}: {articles[0].Title}"
            : $"{links.PublicationName}: {articles.Count} new articles, {day}";
        return new MailContent(subject, html.ToString(), text.ToString(), UnsubscribeHeaders(links));
    }

    private static Dictionary<string, string> UnsubscribeHeaders(MailLinks links) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["List-Unsubscribe"] = $"<{links.OneClickUnsubscribe.AbsoluteUri}>",
        ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
    };

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
