using System.Diagnostics.CodeAnalysis;
using BudapestPost.Core.Validation;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace BudapestPost.Core.Articles;

/// <summary>
/// Splits an article file into its YAML front matter and Markdown body, and reads the front matter
/// as flat key/value pairs. Works on YAML events rather than deserializing, so duplicate keys,
/// nesting and aliases are reported precisely instead of being merged or expanded.
/// </summary>
internal static class FrontMatterReader
{
    private const string Delimiter = "---";

    // Far above what a valid article needs (nine keys, flat values), far below what could make an
    // error list too long to record or a file expensive to read.
    internal const int MaxKeys = 50;
    internal const int MaxAliases = 10;
    internal const int MaxDepth = 10;

    /// <summary>Splits text whose line breaks are already "\n".</summary>
    public static bool TrySplit(string text, out string yaml, out string body, [NotNullWhen(false)] out FieldError? error)
    {
        yaml = body = string.Empty;
        var firstLineEnd = text.IndexOf('\n');
        var firstLine = firstLineEnd < 0 ? text : text[..firstLineEnd];
        if (!IsDelimiter(firstLine))
        {
            error = new FieldError(ArticleFields.FrontMatter, "Is missing: the file must start with a line '---', then YAML, then a line '---'.");
            return false;
        }

        var lineStart = firstLineEnd + 1;
        while (firstLineEnd >= 0 && lineStart <= text.Length)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            var line = lineEnd < 0 ? text[lineStart..] : text[lineStart..lineEnd];
            if (IsDelimiter(line))
            {
                yaml = text[(firstLineEnd + 1)..lineStart];
                body = lineEnd < 0 ? string.Empty : text[(lineEnd + 1)..];
                error = null;
                return true;
            }

            if (lineEnd < 0)
            {
                break;
            }

            lineStart = lineEnd + 1;
        }

        error = new FieldError(ArticleFields.FrontMatter, "Is not closed: add a line '---' after the YAML.");
        return false;
    }

    /// <summary>
    /// Reads the key/value pairs; returns null when the YAML cannot be read as a whole. Problems
    /// with single keys are added to <paramref name="errors"/> and their values marked rejected.
    /// Never throws on bad input: whatever the YAML library refuses becomes a field error.
    /// </summary>
    public static Dictionary<string, FrontMatterValue>? Read(string yaml, List<FieldError> errors)
    {
        try
        {
            return ReadMapping(new Reader(new Parser(new StringReader(yaml))), errors);
        }
        catch (YamlException exception)
        {
            // The opening '---' is line 1 of the file, so YAML line n is file line n + 1.
            errors.Add(new FieldError(
                ArticleFields.FrontMatter,
                $"Is not valid YAML at line {exception.Start.Line + 1}, column {exception.Start.Column}."));
            return null;
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or FormatException)
        {
            // Some malformed input (an unclosed flow collection followed by another key) makes the
            // YAML library fail outside its own exception type.
            errors.Add(new FieldError(ArticleFields.FrontMatter, "Is not valid YAML."));
            return null;
        }
        catch (LimitExceededException exception)
        {
            // One reason is enough, and the per-key errors so far would only bury it.
            errors.Clear();
            errors.Add(new FieldError(ArticleFields.FrontMatter, exception.Message));
            return null;
        }
    }

    private static Dictionary<string, FrontMatterValue>? ReadMapping(Reader parser, List<FieldError> errors)
    {
        parser.Consume<StreamStart>();
        if (parser.Accept<StreamEnd>(out _))
        {
            errors.Add(new FieldError(ArticleFields.FrontMatter, "Is empty: give at least title, lead and published."));
            return null;
        }

        parser.Consume<DocumentStart>();
        if (!parser.TryConsume<MappingStart>(out _))
        {
            errors.Add(new FieldError(ArticleFields.FrontMatter, "Must be YAML 'key: value' lines."));
            return null;
        }

        var values = new Dictionary<string, FrontMatterValue>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = new HashSet<string>(StringComparer.Ordinal);
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            if (!parser.TryConsume<Scalar>(out var key))
            {
                errors.Add(new FieldError(ArticleFields.FrontMatter, "Must use plain names as keys."));
                return null;
            }

            if (seen.Count == MaxKeys)
            {
                throw new LimitExceededException($"Has more than {MaxKeys} keys.");
            }
            var value = ReadValue(parser, key.Value, errors);
            if (!seen.Add(key.Value))
            {
                if (duplicates.Add(key.Value))
                {
                    errors.Add(new FieldError(key.Value, "Is given more than once."));
                }
            }
            else
            {
                values.Add(key.Value, value);
            }
        }

        parser.Consume<DocumentEnd>();
        if (!parser.Accept<StreamEnd>(out _))
        {
            errors.Add(new FieldError(ArticleFields.FrontMatter, "Must be a single YAML document."));
            return null;
        }

        return values;
    }

    private static FrontMatterValue ReadValue(Reader parser, string key, List<FieldError> errors)
    {
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            return new FrontMatterValue(IsNull(scalar) ? null : scalar.Value, null);
        }

        if (parser.TryConsume<SequenceStart>(out _))
        {
            return key == ArticleFields.Corrections ? ReadEntries(parser, key, errors) : ReadList(parser, key, errors);
        }

        var reason = parser.Current is AnchorAlias
            ? "Must not use YAML aliases."
            : "Must be a single value or a list, not a mapping.";
        errors.Add(new FieldError(key, reason));
        parser.Skip();
        return FrontMatterValue.Refused;
    }

    private static FrontMatterValue ReadList(Reader parser, string key, List<FieldError> errors)
    {
        var items = new List<string>();
        var valid = true;
        while (!parser.TryConsume<SequenceEnd>(out _))
        {
            if (parser.TryConsume<Scalar>(out var item) && !IsNull(item))
            {
                items.Add(item.Value);
                continue;
            }

            if (item is null)
            {
                parser.Skip(startDepth: 1);
            }

            if (valid)
            {
                errors.Add(new FieldError(key, "Must be a list of plain values."));
                valid = false;
            }
        }

        return valid ? new FrontMatterValue(null, items) : FrontMatterValue.Refused;
    }

    /// <summary>A list of flat "name: value" mappings, such as corrections; anything else in it is refused.</summary>
    private static FrontMatterValue ReadEntries(Reader parser, string key, List<FieldError> errors)
    {
        var entries = new List<IReadOnlyDictionary<string, string?>>();
        var valid = true;
        while (!parser.TryConsume<SequenceEnd>(out _))
        {
            var entry = ReadEntry(parser);
            if (entry is not null)
            {
                entries.Add(entry);
            }
            else if (valid)
            {
                errors.Add(new FieldError(key, CorrectionRules.ListShape));
                valid = false;
            }
        }

        return valid ? new FrontMatterValue(null, null, Entries: entries) : FrontMatterValue.Refused;
    }

    // Reads one item as "name: value" pairs; null, with the item skipped, when it is anything else.
    private static Dictionary<string, string?>? ReadEntry(Reader parser)
    {
        if (!parser.TryConsume<MappingStart>(out _))
        {
            parser.Skip();
            return null;
        }

        var entry = new Dictionary<string, string?>(StringComparer.Ordinal);
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            if (!parser.TryConsume<Scalar>(out var name) || !parser.TryConsume<Scalar>(out var value)
                || !entry.TryAdd(name.Value, IsNull(value) ? null : value.Value))
            {
                parser.Skip(startDepth: 1);
                return null;
            }
        }
        return entry;
    }

    // YAML 1.2 core schema nulls; quoted "null" stays text.
    private static bool IsNull(Scalar scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL";

    private static bool IsDelimiter(string line) => line.TrimEnd() == Delimiter;

    /// <summary>The YAML event stream, counting what <see cref="MaxAliases"/> and <see cref="MaxDepth"/> bound.</summary>
    private sealed class Reader(Parser parser)
    {
        private int _aliases;

        public ParsingEvent? Current => parser.Current;

        public void Consume<T>() where T : ParsingEvent => parser.Consume<T>();

        public bool Accept<T>([MaybeNullWhen(false)] out T @event) where T : ParsingEvent => parser.Accept(out @event);

        public bool TryConsume<T>([MaybeNullWhen(false)] out T @event) where T : ParsingEvent => parser.TryConsume(out @event);

        /// <summary>Skips the current value with everything nested in it, <paramref name="startDepth"/> levels down.</summary>
        public void Skip(int startDepth = 0)
        {
            var depth = startDepth;
            do
            {
                if (parser.Current is AnchorAlias && ++_aliases > MaxAliases)
                {
                    throw new LimitExceededException($"Uses more than {MaxAliases} YAML aliases.");
                }
                depth += parser.Current switch
                {
                    SequenceStart or MappingStart => 1,
                    SequenceEnd or MappingEnd => -1,
                    _ => 0,
                };
                if (depth > MaxDepth)
                {
                    throw new LimitExceededException($"Nests values deeper than {MaxDepth} levels.");
                }
                if (!parser.MoveNext())
                {
                    return;
                }
            }
            while (depth > startDepth);
        }
    }

    private sealed class LimitExceededException(string reason) : Exception(reason);
}

/// <summary>
/// One front matter value as written: a scalar (<see cref="Text"/>, null for YAML null) or a list
/// of scalars (<see cref="Items"/>) or of flat mappings (<see cref="Entries"/>, only where a field takes them). A value the reader already refused (a mapping, a nested list,
/// an alias) is <see cref="Rejected"/>: its error is reported and it counts as given.
/// </summary>
internal sealed record FrontMatterValue(
    string? Text, IReadOnlyList<string>? Items, bool Rejected = false, IReadOnlyList<IReadOnlyDictionary<string, string?>>? Entries = null)
{
    public static FrontMatterValue Refused { get; } = new(null, null, Rejected: true);

    public bool IsList => Items is not null || Entries is not null;

    public bool IsNull => !IsList && Text is null && !Rejected;
}
