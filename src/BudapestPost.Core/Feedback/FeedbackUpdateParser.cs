using System.Text.Json;
using BudapestPost.Core.Validation;

namespace BudapestPost.Core.Feedback;

/// <summary>Turns an editor's PATCH body <c>{"status", "note", "resolution"}</c> into a <see cref="FeedbackUpdate"/> or per-field errors.</summary>
public static class FeedbackUpdateParser
{
    private static readonly HashSet<string> Fields = ["status", "note", "resolution"];

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

        var resolution = ReadResolution(fields, status, errors);
        var noteGiven = fields.ContainsKey("note");
        var note = FeedbackJson.ReadText(fields, "note", multiLine: true, errors);
        FeedbackJson.CheckMaxLength(note, "note", FeedbackLimits.NoteMaxLength, errors);

        if (errors.Count == 0 && status is null && !noteGiven)
        {
            errors.Add(new FieldError(FeedbackJson.BodyField, "Give a status, a note or both."));
        }

        return errors.Count > 0
            ? ParseResult<FeedbackUpdate>.Invalid(errors)
            : ParseResult<FeedbackUpdate>.Valid(new FeedbackUpdate(status, noteGiven, note, resolution));
    }

    // "corrected" is not among the choices: it comes with a published correction and its link.
    private static FeedbackResolution? ReadResolution(Dictionary<string, JsonElement> fields, FeedbackStatus? status, List<FieldError> errors)
    {
        if (!fields.TryGetValue("resolution", out var element))
        {
            return null;
        }
        if (element.ValueKind != JsonValueKind.String || !FeedbackNames.TryParseResolution(element.GetString(), out var resolution)
            || resolution == FeedbackResolution.Corrected)
        {
            errors.Add(new FieldError("resolution", $"Must be one of: {string.Join(", ", FeedbackNames.EditorResolutions)}; a correction sets corrected."));
            return null;
        }
        if (status != FeedbackStatus.Resolved)
        {
            errors.Add(new FieldError("resolution", "Is given only with \"status\": \"resolved\"."));
            return null;
        }
        return resolution;
    }
}

/// <summary>
/// An editor's change to a report. A null <see cref="Status"/> keeps the status;
/// <see cref="NoteGiven"/> tells "leave the note" (false) from "set it" (true, null or empty clears it).
/// <see cref="Resolution"/> is given only with status resolved.
/// </summary>
public sealed record FeedbackUpdate(FeedbackStatus? Status, bool NoteGiven, string? Note, FeedbackResolution? Resolution = null);
