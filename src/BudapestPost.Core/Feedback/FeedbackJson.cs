using System.Text.Json;
using System.Text.Unicode;
using BudapestPost.Core.Validation;

namespace BudapestPost.Core.Feedback;

/// <summary>
/// Reads a flat JSON object from raw UTF-8 bytes and reports, per field, what is wrong with its shape:
/// invalid UTF-8, malformed JSON, a non-object body, unknown or repeated fields.
/// Values are checked by the caller.
/// </summary>
internal static class FeedbackJson
{
    public const string BodyField = "body";

    public static Dictionary<string, JsonElement>? ReadObject(
        ReadOnlyMemory<byte> utf8, IReadOnlySet<string> knownFields, List<FieldError> errors)
    {
        if (!Utf8.IsValid(utf8.Span))
        {
            errors.Add(new FieldError(BodyField, "Is not valid UTF-8."));
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            errors.Add(new FieldError(BodyField, $"Is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})."));
            return null;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new FieldError(BodyField, "Must be a JSON object."));
                return null;
            }

            var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!knownFields.Contains(property.Name))
                {
                    errors.Add(new FieldError(property.Name, "Is not a known field."));
                }
                else if (!fields.TryAdd(property.Name, property.Value.Clone()))
                {
                    errors.Add(new FieldError(property.Name, "Is given more than once."));
                }
            }
            return fields;
        }
    }

    /// <summary>
    /// Reads an optional text field: absent, null or blank after normalization gives null.
    /// Adds an error and returns null when the value is not a string or not valid Unicode.
    /// </summary>
    public static string? ReadText(
        Dictionary<string, JsonElement> fields, string name, bool multiLine, List<FieldError> errors)
    {
        if (!fields.TryGetValue(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            errors.Add(new FieldError(name, "Must be a string."));
            return null;
        }
        string raw;
        try
        {
            raw = element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // A \u escape naming half a surrogate pair: valid JSON syntax, but not text.
            errors.Add(new FieldError(name, "Contains invalid Unicode (an unpaired surrogate)."));
            return null;
        }
        var text = FeedbackText.Normalize(raw, multiLine);
        return text.Length == 0 ? null : text;
    }

    public static void CheckMaxLength(string? value, string name, int max, List<FieldError> errors)
    {
        if (value is not null && FeedbackText.Length(value) > max)
        {
            errors.Add(new FieldError(name, $"Must be at most {max} characters."));
        }
    }
}
