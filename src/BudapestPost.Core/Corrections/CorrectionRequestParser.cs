using System.Text.Json;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Feedback;
using BudapestPost.Core.Validation;

namespace BudapestPost.Core.Corrections;

/// <summary>
/// Turns <c>{"text", "feedback": [ids], "body"?}</c> into a <see cref="CorrectionRequest"/> or
/// per-field errors. The text follows the article file's rule for a correction, so what is
/// accepted here is accepted again when the file is published.
/// </summary>
public static class CorrectionRequestParser
{
    /// <summary>More reports than any one correction answers; keeps a request's table reads bounded.</summary>
    public const int MaxFeedback = 50;

    private static readonly HashSet<string> Fields = ["text", "feedback", "body"];

    public static ParseResult<CorrectionRequest> Parse(ReadOnlyMemory<byte> utf8Json)
    {
        var errors = new List<FieldError>();
        var fields = FeedbackJson.ReadObject(utf8Json, Fields, errors);
        if (fields is null)
        {
            return ParseResult<CorrectionRequest>.Invalid(errors);
        }

        var text = FeedbackJson.ReadText(fields, "text", multiLine: true, errors);
        if (errors.Count == 0 && CorrectionRules.CheckText("text", text) is { } textError)
        {
            errors.Add(textError);
        }
        var feedback = ReadFeedback(fields, errors);
        var body = FeedbackJson.ReadText(fields, "body", multiLine: true, errors);
        if (fields.ContainsKey("body") && body is null && errors.Count == 0)
        {
            errors.Add(new FieldError("body", "Must be the corrected Markdown body, or left out to keep the body."));
        }

        return errors.Count > 0
            ? ParseResult<CorrectionRequest>.Invalid(errors)
            : ParseResult<CorrectionRequest>.Valid(new CorrectionRequest(text!, feedback, body));
    }

    private static IReadOnlyList<string> ReadFeedback(Dictionary<string, JsonElement> fields, List<FieldError> errors)
    {
        if (!fields.TryGetValue("feedback", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (element.ValueKind != JsonValueKind.Array || element.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
        {
            errors.Add(new FieldError("feedback", "Must be a list of report ids, e.g. [\"01JM…\"]."));
            return [];
        }

        var ids = element.EnumerateArray().Select(item => item.GetString()!).ToList();
        if (ids.Count > MaxFeedback)
        {
            errors.Add(new FieldError("feedback", $"Must have at most {MaxFeedback} report ids."));
        }
        foreach (var id in ids.Where(id => !FeedbackId.IsValid(id)).Take(3))
        {
            errors.Add(new FieldError("feedback", $"'{id}' is not a report id."));
        }
        foreach (var id in ids.GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            errors.Add(new FieldError("feedback", $"'{id}' is given more than once."));
        }
        return ids;
    }
}

/// <summary>
/// An editor's correction: the public <see cref="Text"/>, the reader reports it answers, and
/// optionally the corrected Markdown <see cref="Body"/> that replaces the article's body.
/// </summary>
public sealed record CorrectionRequest(string Text, IReadOnlyList<string> Feedback, string? Body);
