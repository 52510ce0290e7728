using System.Security.Cryptography;
using System.Text;
using BudapestPost.Core.Articles;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace BudapestPost.Core.Audio;

/// <summary>
/// What a narration of an article says: the title, the lead, then the body with its subheadings, one
/// paragraph per block, separated by blank lines. <see cref="Hash"/> names it: the same text always has the
/// same hash, whatever else of the file (front matter, corrections, markup) changed.
/// </summary>
/// <remarks>
/// The body is read from its Markdown tree, as a listener needs it: emphasis and links as their words;
/// a bare web address as its host name ("example.com"), never letter by letter; an image, a code block or raw
/// HTML left out (none reads well aloud); inline code as its text; a table row by row, cells separated by
/// commas. A heading or list item without closing punctuation gets a full stop, so the voice pauses after it.
/// </remarks>
public sealed record SpokenText(string Text, string Hash)
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseAutoLinks()
        .Build();

    public static SpokenText Of(Article article) => Of(article.Title, article.Lead, article.Body);

    public static SpokenText Of(string title, string lead, string markdownBody)
    {
        var paragraphs = new List<string> { Sentence(title), Sentence(lead) };
        ReadBlocks(Markdown.Parse(markdownBody, Pipeline), paragraphs);
        var text = string.Join("\n\n", paragraphs.Where(paragraph => paragraph.Length > 0));
        return new SpokenText(text, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
    }

    private static void ReadBlocks(ContainerBlock container, List<string> paragraphs)
    {
        foreach (var block in container)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    paragraphs.Add(Sentence(ReadInlines(heading.Inline)));
                    break;
                case ParagraphBlock paragraph:
                    paragraphs.Add(Collapse(ReadInlines(paragraph.Inline)));
                    break;
                case Table table:
                    foreach (var row in table.OfType<TableRow>())
                    {
                        var cells = row.OfType<TableCell>().Select(cell => Collapse(string.Join(" ", cell.OfType<ParagraphBlock>().Select(p => ReadInlines(p.Inline)))));
                        paragraphs.Add(Sentence(string.Join(", ", cells.Where(cell => cell.Length > 0))));
                    }
                    break;
                case ListItemBlock item:
                    var before = paragraphs.Count;
                    ReadBlocks(item, paragraphs);
                    for (var i = before; i < paragraphs.Count; i++)
                    {
                        paragraphs[i] = Sentence(paragraphs[i]);
                    }
                    break;
                case CodeBlock or HtmlBlock or ThematicBreakBlock:
                    // Code (fenced or indented) and raw HTML are for the eye; a rule is silence.
                    break;
                case ContainerBlock nested:
                    // Lists, quotes and anything else that holds blocks: their blocks in order.
                    ReadBlocks(nested, paragraphs);
                    break;
                case LeafBlock leaf when leaf.Inline is not null:
                    paragraphs.Add(Collapse(ReadInlines(leaf.Inline)));
                    break;
            }
        }
    }

    private static string ReadInlines(ContainerInline? container)
    {
        var text = new StringBuilder();
        ReadInlines(container, text);
        return text.ToString();
    }

    private static void ReadInlines(ContainerInline? container, StringBuilder text)
    {
        for (var inline = container?.FirstChild; inline is not null; inline = inline.NextSibling)
        {
            switch (inline)
            {
                case LinkInline { IsImage: true }:
                    break;
                case LinkInline { IsAutoLink: true } link:
                    text.Append(SpokenAddress(link.Url ?? ""));
                    break;
                case LinkInline link:
                    ReadInlines(link, text);
                    break;
                case AutolinkInline autolink:
                    text.Append(autolink.IsEmail ? autolink.Url : SpokenAddress(autolink.Url));
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case LineBreakInline:
                    text.Append(' ');
                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded);
                    break;
                case HtmlInline:
                    break;
                case LiteralInline literal:
                    text.Append(literal.Content);
                    break;
                case ContainerInline nested:
                    ReadInlines(nested, text);
                    break;
            }
        }
    }

    /// <summary>A web address as one says it: its host name without "www."; anything else as it is.</summary>
    private static string SpokenAddress(string url)
    {
        var absolute = url.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? "http://" + url : url;
        if (!Uri.TryCreate(absolute, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            return url;
        }
        return uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host;
    }

    /// <summary>Collapsed text that ends like a sentence: a full stop is added after a last letter or digit.</summary>
    private static string Sentence(string value)
    {
        var text = Collapse(value);
        return text.Length > 0 && char.IsLetterOrDigit(text[^1]) ? text + "." : text;
    }

    // Control characters are no part of speech, and XML (the speech service's markup) cannot carry them.
    private static string Collapse(string value) =>
        string.Join(' ', new string(value.Select(c => char.IsControl(c) ? ' ' : c).ToArray())
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
