using System.Text;
using BudapestPost.Core.Validation;

namespace BudapestPost.Core.Articles;

/// <summary>
/// The <c>corrections</c> front matter field: a list of at most <see cref="MaxCorrections"/>
/// entries <c>{at, text}</c>, <c>at</c> an ISO 8601 time with offset not before the article was
/// published and distinct from the other entries' times, <c>text</c> at most <see cref="MaxTextLength"/> characters. Written as YAML:
/// <code>
/// corrections:
///   - at: 2025-02-15T10:00:00+01:00
///     text: An earlier version gave the wrong date of the summit.
/// </code>
/// </summary>
public static class CorrectionRules
{
    public const int MaxCorrections = 50;
    public const int MaxTextLength = 1000;

    internal const string ListShape = "Must be a list of entries, each with only 'at' and 'text', e.g. '- at: 2025-02-15T10:00:00+01:00' then '  text: …'.";

    private const string At = "at";
    private const string Text = "text";

    /// <summary>
    /// Problems with a correction's text alone, under <paramref name="field"/>, said of
    /// <paramref name="subject"/> (such as "Entry 2: 'text' ") or of the field itself; null when it is fine.
    /// </summary>
    public static FieldError? CheckText(string field, string? text, string subject = "")
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new FieldError(field, Sentence(subject, "is required: say what was wrong and what was changed."));
        }
        return text.Trim().EnumerateRunes().Count() > MaxTextLength
            ? new FieldError(field, Sentence(subject, $"must be at most {MaxTextLength} characters."))
            : null;
    }

    private static string Sentence(string subject, string predicate) =>
        subject.Length > 0 ? subject + predicate : char.ToUpperInvariant(predicate[0]) + predicate[1..];

    /// <summary>The corrections, oldest first, or an empty list with errors added.</summary>
    internal static IReadOnlyList<Correction> Read(FrontMatterValue? value, DateTimeOffset? published, List<FieldError> errors)
    {
        if (value is null || value.IsNull || value.Rejected)
        {
            return [];
        }
        if (value.Entries is not { } entries)
        {
            errors.Add(new FieldError(ArticleFields.Corrections, ListShape));
            return [];
        }
        if (entries.Count > MaxCorrections)
        {
            errors.Add(new FieldError(ArticleFields.Corrections, $"Must have at most {MaxCorrections} entries."));
            return [];
        }

        var corrections = new List<Correction>();
        var before = errors.Count;
        for (var i = 0; i < entries.Count; i++)
        {
            if (ReadEntry(entries[i], $"Entry {i + 1}: ", published, errors) is { } correction)
            {
                corrections.Add(correction);
            }
        }
        // The time identifies a correction (in links and the corrections log), so no two may share one.
        foreach (var repeated in corrections.GroupBy(c => c.At).Where(g => g.Count() > 1))
        {
            errors.Add(new FieldError(ArticleFields.Corrections, $"Two entries have 'at' {repeated.Key:O}; give each correction its own time."));
        }
        return errors.Count > before ? [] : corrections.OrderBy(c => c.At).ToList();
    }

    private static Correction? ReadEntry(
        IReadOnlyDictionary<string, string?> entry, string prefix, DateTimeOffset? published, List<FieldError> errors)
    {
        var before = errors.Count;
        foreach (var name in entry.Keys.Where(name => name is not (At or Text)))
        {
            errors.Add(new FieldError(ArticleFields.Corrections, $"{prefix}'{name}' is not a known field; use at, text."));
        }
        if (CheckText(ArticleFields.Corrections, entry.GetValueOrDefault(Text), prefix + "'text' ") is { } textError)
        {
            errors.Add(textError);
        }

        DateTimeOffset at = default;
        var atText = entry.GetValueOrDefault(At)?.Trim();
        if (string.IsNullOrEmpty(atText))
        {
            errors.Add(new FieldError(ArticleFields.Corrections, $"{prefix}'at' is required, e.g. {IsoTimestamp.Example}."));
        }
        else if (IsoTimestamp.Parse(atText, out at) != IsoTimestampResult.Valid)
        {
            errors.Add(new FieldError(ArticleFields.Corrections, $"{prefix}'at' must be an ISO 8601 date and time with UTC offset, e.g. {IsoTimestamp.Example}."));
        }
        else if (at < published)
        {
            errors.Add(new FieldError(ArticleFields.Corrections, $"{prefix}'at' must not be earlier than published."));
        }

        return errors.Count > before ? null : new Correction(at, entry[Text]!.Trim());
    }

    /// <summary>The YAML lines of one correction entry, for appending to the front matter.</summary>
    public static string ToYaml(Correction correction)
    {
        var yaml = new StringBuilder();
        yaml.Append("  - at: ").Append(correction.At.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        yaml.Append("    text: ").Append(Quoted(correction.Text)).Append('\n');
        return yaml.ToString();
    }

    // A double-quoted YAML scalar: escapes make any text (colons, quotes, line breaks) safe.
    private static string Quoted(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }
}
