using AngleSharp;
using Ganss.Xss;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;

namespace BudapestPost.Core.Articles;

/// <summary>
/// Turns an article's Markdown body into HTML that is safe to embed in a page, plus plain text.
/// </summary>
/// <remarks>
/// <para>
/// Markdown may contain raw HTML (figures, embeds written by hand); everything Markdig produces is
/// then run through an allow-list sanitizer: only text-level and block-level article markup
/// survives, links and images only with http, https (and mailto for links) or relative URLs,
/// and styles only as text-align (which pipe tables use). Scripts, event-handler attributes,
/// javascript: and data: URLs, SVG, MathML, iframes, objects, forms and style sheets are removed
/// together with their content.
/// </para>
/// <para>
/// Headings get ids from Markdig's auto-identifiers, ASCII only: the heading text in lowercase,
/// accents folded, spaces as hyphens, punctuation removed ("Sovereignty vs security" →
/// "sovereignty-vs-security"); a repeated heading gets "-1", "-2"… appended. The ids depend only on
/// the heading text, so links to them stay stable while the text stays the same.
/// </para>
/// <para>
/// One pipeline and one sanitizer are shared: both are configured once here and only read
/// afterwards, which Markdig and HtmlSanitizer document as safe across threads.
/// </para>
/// </remarks>
public static class ArticleRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAutoIdentifiers(AutoIdentifierOptions.AllowOnlyAscii)
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseAutoLinks()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static RenderedArticle Render(string markdownBody)
    {
        ArgumentNullException.ThrowIfNull(markdownBody);

        // SanitizeDom is the first half of Sanitize (the documented thread-safe entry point); the
        // second half, serializing the body with the sanitizer's formatter, is done here so that
        // the plain text comes from the same sanitized tree without parsing the HTML again.
        using var document = Sanitizer.SanitizeDom(Markdown.ToHtml(markdownBody, Pipeline));
        if (document.Body is not { } body)
        {
            return new RenderedArticle(string.Empty, string.Empty);
        }

        return new RenderedArticle(body.ChildNodes.ToHtml(Sanitizer.OutputFormatter), PlainTextWriter.Write(body));
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var options = HtmlSanitizerOptions.Empty();
        options.AllowedTags.UnionWith(
        [
            "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
            "em", "strong", "del", "s", "sub", "sup", "mark", "abbr", "cite", "q", "span",
            "code", "pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
            "div", "a", "img", "figure", "figcaption",
            "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
        ]);
        options.AllowedAttributes.UnionWith(["href", "src", "alt", "title", "id", "start", "colspan", "rowspan", "style"]);
        options.AllowedCssProperties.Add("text-align");
        options.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        options.UriAttributes.UnionWith(["href", "src"]);
        return new HtmlSanitizer(options);
    }
}

/// <summary>An article body as sanitized HTML and as plain text (for search, previews, feeds).</summary>
public sealed record RenderedArticle(string Html, string Text);
