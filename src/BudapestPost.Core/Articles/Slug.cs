using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace BudapestPost.Core.Articles;

/// <summary>
/// URL names of articles, tags and sections: lowercase ASCII letters, digits and single hyphens,
/// 1 to <see cref="MaxLength"/> characters, no hyphen at either end.
/// </summary>
public static partial class Slug
{
    public const int MaxLength = 120;

    /// <summary>The rule in words, for error messages.</summary>
    public const string Rule = "lowercase letters a-z, digits and single hyphens, 1 to 120 characters, no hyphen at the start or end";

    public static bool IsValid(string? value) =>
        value is { Length: > 0 and <= MaxLength } && SlugPattern().IsMatch(value);

    /// <summary>
    /// Derives a slug from a headline or name: accents are transliterated ("Orbán Viktor Győr" →
    /// "orban-viktor-gyor"), apostrophes and dots inside words are dropped ("Trump's" → "trumps",
    /// "U.S." → "us"), any other run of non-alphanumerics becomes one hyphen, and the result is cut
    /// to <see cref="MaxLength"/> at a hyphen. Returns an empty string when the text has no
    /// usable letters or digits (for example text in a non-Latin script).
    /// </summary>
    public static string FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var folded = FoldToAscii(text);
        var slug = new StringBuilder(folded.Length);
        var pendingHyphen = false;
        for (var i = 0; i < folded.Length; i++)
        {
            var c = folded[i];
            if (IsSlugLetterOrDigit(c))
            {
                if (pendingHyphen && slug.Length > 0)
                {
                    slug.Append('-');
                }

                pendingHyphen = false;
                slug.Append(c);
            }
            else if (IsDroppedInsideWord(folded, i))
            {
                // An apostrophe or an abbreviation dot belongs to the word around it.
            }
            else
            {
                pendingHyphen = true;
            }
        }

        return CutAtHyphen(slug.ToString());
    }

    private static string FoldToAscii(string text)
    {
        var lower = text.ToLowerInvariant();
        var expanded = new StringBuilder(lower.Length);
        foreach (var c in lower)
        {
            // Letters that Unicode does not decompose into a base letter plus accent.
            expanded.Append(c switch
            {
                'ß' => "ss",
                'æ' => "ae",
                'œ' => "oe",
                'ø' => "o",
                'đ' or 'ð' => "d",
                'ł' => "l",
                'þ' => "th",
                'ı' => "i",
                _ => c.ToString(),
            });
        }

        var decomposed = expanded.ToString().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(c);
            }
        }

        return folded.ToString();
    }

    private static bool IsDroppedInsideWord(string text, int index)
    {
        var c = text[index];
        var isApostrophe = c is '\'' or '\u2019' or '\u2018' or '`';
        var isDot = c == '.';
        if (!isApostrophe && !isDot)
        {
            return false;
        }

        var letterBefore = index > 0 && char.IsAsciiLetterLower(text[index - 1]);
        var letterAfter = index + 1 < text.Length && char.IsAsciiLetterLower(text[index + 1]);
        return isApostrophe ? letterBefore : letterBefore && letterAfter;
    }

    private static bool IsSlugLetterOrDigit(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);

    private static string CutAtHyphen(string slug)
    {
        if (slug.Length <= MaxLength)
        {
            return slug;
        }

        // A hyphen at index MaxLength means the first MaxLength characters end on a whole word.
        var lastHyphen = slug.LastIndexOf('-', MaxLength);
        return lastHyphen > 0 ? slug[..lastHyphen] : slug[..MaxLength];
    }

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
