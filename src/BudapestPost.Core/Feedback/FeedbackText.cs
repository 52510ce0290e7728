using System.Text;

namespace BudapestPost.Core.Feedback;

/// <summary>
/// Cleans reader-supplied text before it is validated and stored: control characters removed,
/// line breaks unified, Unicode normalized to NFC, surrounding white space trimmed.
/// </summary>
public static class FeedbackText
{
    /// <param name="multiLine">Keep line feeds and tabs (message, quote, note); otherwise they become spaces.</param>
    public static string Normalize(string value, bool multiLine)
    {
        var text = value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\n' or '\t')
            {
                builder.Append(multiLine ? c : ' ');
            }
            else if (!char.IsControl(c))
            {
                builder.Append(c);
            }
        }
        return builder.ToString().Normalize(NormalizationForm.FormC).Trim();
    }

    /// <summary>Length in Unicode code points, so an accented letter or an emoji counts once.</summary>
    public static int Length(string value) => value.EnumerateRunes().Count();

    /// <summary>At most <paramref name="maxLength"/> UTF-16 units of <paramref name="value"/>, never cutting a surrogate pair in two.</summary>
    public static string Truncate(string value, int maxLength) =>
        value.Length <= maxLength ? value : value[..(char.IsHighSurrogate(value[maxLength - 1]) ? maxLength - 1 : maxLength)];
}
