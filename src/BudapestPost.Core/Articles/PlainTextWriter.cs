using System.Text;
using AngleSharp.Dom;

namespace BudapestPost.Core.Articles;

/// <summary>
/// Writes the text of sanitized article HTML: one paragraph per block, separated by a blank line;
/// list items and line breaks on their own lines; runs of whitespace collapsed.
/// </summary>
internal static class PlainTextWriter
{
    private static readonly HashSet<string> ParagraphTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl",
        "table", "figure", "figcaption", "caption", "hr",
    };

    private static readonly HashSet<string> LineTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "li", "dt", "dd", "tr",
    };

    public static string Write(IElement root)
    {
        var writer = new Writer();
        writer.WriteChildren(root, preformatted: false);
        return writer.ToString();
    }

    private sealed class Writer
    {
        private readonly StringBuilder text = new();

        // Breaks are owed rather than written, so nested blocks never stack up blank lines.
        private int pendingBreaks;

        public void WriteChildren(INode node, bool preformatted)
        {
            foreach (var child in node.ChildNodes)
            {
                switch (child)
                {
                    case IText textNode:
                        WriteText(textNode.Data, preformatted);
                        break;
                    case IElement element:
                        WriteElement(element, preformatted);
                        break;
                }
            }
        }

        public override string ToString() => text.ToString().TrimEnd();

        private void WriteElement(IElement element, bool preformatted)
        {
            var name = element.LocalName;
            if (name == "br")
            {
                Owe(1);
                return;
            }

            var breaks = ParagraphTags.Contains(name) ? 2 : LineTags.Contains(name) ? 1 : 0;
            Owe(breaks);
            WriteChildren(element, preformatted || name == "pre");
            Owe(breaks);
            if (name is "td" or "th")
            {
                WriteText(" ", preformatted: false);
            }
        }

        private void WriteText(string data, bool preformatted)
        {
            var value = preformatted ? data.TrimEnd('\n') : CollapseWhitespace(data);
            var startsLine = text.Length == 0 || pendingBreaks > 0;
            if (!preformatted && (startsLine || text[^1] == ' '))
            {
                value = value.TrimStart();
            }

            if (value.Length == 0)
            {
                return;
            }

            if (text.Length > 0)
            {
                text.Append('\n', pendingBreaks);
            }

            pendingBreaks = 0;
            text.Append(value);
        }

        private void Owe(int breaks)
        {
            if (breaks > pendingBreaks)
            {
                // A line break owed right after a space would leave the space dangling.
                while (text.Length > 0 && text[^1] == ' ')
                {
                    text.Length--;
                }

                pendingBreaks = breaks;
            }
        }

        private static string CollapseWhitespace(string data)
        {
            var collapsed = new StringBuilder(data.Length);
            var inSpace = false;
            foreach (var c in data)
            {
                if (char.IsWhiteSpace(c))
                {
                    if (!inSpace)
                    {
                        collapsed.Append(' ');
                    }

                    inSpace = true;
                }
                else
                {
                    collapsed.Append(c);
                    inSpace = false;
                }
            }

            return collapsed.ToString();
        }
    }
}
