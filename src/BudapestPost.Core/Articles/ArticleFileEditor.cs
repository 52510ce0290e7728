using System.Text;

namespace BudapestPost.Core.Articles;

/// <summary>
/// Changes an article file the way an editor would by hand: appends a correction to its front
/// matter and optionally replaces its Markdown body, leaving every other line as written.
/// </summary>
public static class ArticleFileEditor
{
    /// <summary>
    /// The file with <paramref name="correction"/> added after the corrections it already has, and
    /// <paramref name="body"/> in place of its body when given. The result still has to be
    /// parsed: the caller stores it only if it is valid.
    /// </summary>
    public static byte[]? AppendCorrection(byte[] content, IReadOnlyList<Correction> existing, Correction correction, string? body)
    {
        var text = Encoding.UTF8.GetString(content).TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        if (!FrontMatterReader.TrySplit(text, out var yaml, out var oldBody, out _))
        {
            return null;
        }

        var file = new StringBuilder("---\n");
        file.Append(WithoutCorrections(yaml));
        file.Append(ArticleFields.Corrections).Append(":\n");
        foreach (var entry in existing.Append(correction))
        {
            file.Append(CorrectionRules.ToYaml(entry));
        }
        file.Append("---\n");
        file.Append(body is null ? oldBody : body.Trim() + "\n");
        return Encoding.UTF8.GetBytes(file.ToString());
    }

    // The YAML without the "corrections:" key and the indented or "- " lines that belong to it;
    // they are written again, with the new entry, in one block style.
    private static string WithoutCorrections(string yaml)
    {
        var kept = new StringBuilder();
        var inCorrections = false;
        foreach (var line in yaml.Split('\n'))
        {
            if (line.StartsWith(ArticleFields.Corrections + ":", StringComparison.Ordinal))
            {
                inCorrections = true;
                continue;
            }
            if (inCorrections && (line.Length == 0 || line[0] is ' ' or '\t' or '-' or '#'))
            {
                continue;
            }
            inCorrections = false;
            if (line.Length > 0)
            {
                kept.Append(line).Append('\n');
            }
        }
        return kept.ToString();
    }
}
