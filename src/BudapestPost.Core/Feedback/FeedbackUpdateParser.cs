using System.Text.Json;
using BudapestPost.Core.Validation;

namespace BudapestPost.Core.Feedback;

/// <summary>Turns an editor's PATCH body <c>{"status", "note"}</c> into a <see cref="FeedbackUpdate"/> or per-field errors.</summary>
public static class FeedbackUpdateParser
{
    private static readonly HashSet<string> Fields = ["status", "note"];

    public static ParseResult<FeedbackUpdate> Parse(ReadOnlyMemory<byte> utf8Json)
    {
        var errors = new List<FieldError>();
        var fields = FeedbackJson.ReadObject(utf8Json, Fields, errors);
        if (fields is null)
        {
            return ParseResult<FeedbackUpdate>.Invalid(errors);
        }

        FeedbackStatus? status = null;
        if (fields.TryGetValue("status", out var statusElement))
        {
            if (statusElement.ValueKind == JsonValueKind.String && FeedbackNames.TryParseStatus(statusElement.GetString(), out var parsed))
            {
                status = parsed;
            }
            else
            {
                errors.Add(new FieldError("status", $"Must be one of: {string.Join(", ", FeedbackNames.AllStatuses)}."));
            }
        }

        var noteGiven = fields.ContainsKey("note");
        var note = FeedbackJson.ReadText(fields, "note", multiLine: true, errors);
        FeedbackJson.CheckMaxLength(note, "note", FeedbackLimits.NoteMaxLength, errors);

        if (errors.Count == 0 && status is null && !noteGiven)
        {
            errors.Add(new FieldError(FeedbackJson.BodyField, "Give a status, a note or both."));
        }

        return errors.Count > 0
            ? ParseResult<FeedbackUpdate>.Invalid(errors)
            : ParseResult<FeedbackUpdate>.Valid(new FeedbackUpdate(status, noteGiven, note));
    }
}
