using System.Security.Cryptography;
using BudapestPost.Core.Validation;

namespace BudapestPost.Core.Articles;

/// <summary>Checks each front matter field and, when all are valid, builds the article.</summary>
internal sealed class FrontMatterValidator(IReadOnlyDictionary<string, FrontMatterValue> values, List<FieldError> errors)
{
    private const int QuotedValueLength = 40;

    private static readonly HashSet<string> KnownKeys = new(ArticleFields.FrontMatterKeys, StringComparer.Ordinal);

    private static readonly string KnownKeyList = string.Join(", ", ArticleFields.FrontMatterKeys);

    public Article? ToArticle(string fileSlug, string body, ReadOnlySpan<byte> content)
    {
        var title = RequiredText(ArticleFields.Title, ArticleFileLimits.MaxTitleLength, singleLine: true);
        var lead = RequiredText(ArticleFields.Lead, ArticleFileLimits.MaxLeadLength, singleLine: false);
        var published = Timestamp(ArticleFields.Published, required: true);
        var updated = Timestamp(ArticleFields.Updated, required: false);
        var tags = Tags();
        var section = OptionalSlug(ArticleFields.Section);
        var slug = OptionalSlug(ArticleFields.Slug);
        var status = Status();
        var aiGenerated = AiGenerated();

        if (slug is not null && slug != fileSlug)
        {
            Add(ArticleFields.Slug, $"Must equal the file name without .md ('{fileSlug}').");
        }

        if (published is { } from && updated is { } to && to < from)
        {
            Add(ArticleFields.Updated, "Must not be earlier than published.");
        }

        foreach (var key in values.Keys.Where(key => !KnownKeys.Contains(key)))
        {
            Add(key, $"Is not a known field; use {KnownKeyList}.");
        }

        var markdown = body.TrimStart('\n').TrimEnd();
        if (markdown.Length == 0)
        {
            Add(ArticleFields.Body, "Is required: write the article in Markdown after the closing '---'.");
        }

        if (errors.Count > 0)
        {
            return null;
        }

        return new Article(
            fileSlug,
            title!,
            lead!,
            published!.Value,
            updated,
            tags,
            section,
            status,
            aiGenerated,
            markdown,
            Convert.ToHexStringLower(SHA256.HashData(content)));
    }

    private string? RequiredText(string key, int maxLength, bool singleLine)
    {
        var text = Text(key)?.Trim();
        if (text is null || text.Length == 0)
        {
            if (!AlreadyReported(key))
            {
                Add(key, "Is required.");
            }

            return null;
        }

        if (text.EnumerateRunes().Count() > maxLength)
        {
            Add(key, $"Must be at most {maxLength} characters.");
        }
        else if (singleLine && text.Contains('\n'))
        {
            Add(key, "Must be a single line.");
        }

        return text;
    }

    private DateTimeOffset? Timestamp(string key, bool required)
    {
        var text = Text(key)?.Trim();
        if (text is null || text.Length == 0)
        {
            if (required && !AlreadyReported(key))
            {
                Add(key, "Is required.");
            }

            return null;
        }

        switch (IsoTimestamp.Parse(text, out var value))
        {
            case IsoTimestampResult.Valid:
                return value;
            case IsoTimestampResult.MissingOffset:
                Add(key, $"Must include a time and UTC offset, e.g. {IsoTimestamp.Example}.");
                return null;
            default:
                Add(key, $"Must be an ISO 8601 date and time with UTC offset, e.g. {IsoTimestamp.Example}.");
                return null;
        }
    }

    private IReadOnlyList<string> Tags()
    {
        if (!values.TryGetValue(ArticleFields.Tags, out var value) || value.IsNull || value.Rejected)
        {
            return [];
        }

        if (value.Items is not { } items)
        {
            Add(ArticleFields.Tags, "Must be a list, e.g. [economy, energy].");
            return [];
        }

        if (items.Count > ArticleFileLimits.MaxTags)
        {
            Add(ArticleFields.Tags, $"Must have at most {ArticleFileLimits.MaxTags} tags.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in items)
        {
            if (!Slug.IsValid(tag))
            {
                Add(ArticleFields.Tags, $"'{Quote(tag)}' must be {Slug.Rule}.");
            }
            else if (!seen.Add(tag))
            {
                Add(ArticleFields.Tags, $"'{tag}' is given more than once.");
            }
        }

        return items;
    }

    private string? OptionalSlug(string key)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        if (!Slug.IsValid(text))
        {
            Add(key, $"Must be {Slug.Rule}.");
            return null;
        }

        return text;
    }

    private ArticleStatus Status()
    {
        switch (Text(ArticleFields.Status))
        {
            case null or "published":
                return ArticleStatus.Published;
            case "draft":
                return ArticleStatus.Draft;
            case "retracted":
                return ArticleStatus.Retracted;
            default:
                Add(ArticleFields.Status, "Must be one of: published, draft, retracted.");
                return ArticleStatus.Published;
        }
    }

    private bool AiGenerated()
    {
        // YAML 1.2 core schema booleans: true, True, TRUE and the same for false.
        switch (Text(ArticleFields.AiGenerated))
        {
            case null or "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            default:
                Add(ArticleFields.AiGenerated, "Must be true or false.");
                return true;
        }
    }

    /// <summary>The scalar text of a key, or null when absent, YAML null or refused; a list is reported.</summary>
    private string? Text(string key)
    {
        if (!values.TryGetValue(key, out var value))
        {
            return null;
        }

        if (value.IsList)
        {
            Add(key, "Must be a single value, not a list.");
            return null;
        }

        return value.Text;
    }

    // A list or refused value has its own error; "is required" on top of it would mislead.
    private bool AlreadyReported(string key) => values.TryGetValue(key, out var value) && (value.IsList || value.Rejected);

    private void Add(string field, string reason) => errors.Add(new FieldError(field, reason));

    private static string Quote(string value) =>
        value.Length <= QuotedValueLength ? value : string.Concat(value.AsSpan(0, QuotedValueLength), "…");
}
