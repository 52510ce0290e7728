using System.Buffers;
using System.Text;
using System.Text.Json;
using BudapestPost.Core.Validation;
using BudapestPost.Functions.Http;
using BudapestPost.Site.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace BudapestPost.Functions.Pages;

/// <summary>
/// Reads a form the website posts (<c>application/x-www-form-urlencoded</c>) with the API's checks — the media type
/// in UTF-8 or a 415, a bounded body or a 413 — and turns its fields into the JSON body the matching API endpoint
/// takes, so the API's own parser validates them and gives the same reasons.
/// </summary>
public static class PageForms
{
    public const string MediaType = "application/x-www-form-urlencoded";

    /// <summary>
    /// Percent-encoding writes each byte outside ASCII as three: a form may be this many times the API's JSON limit
    /// on the wire, so a message the API takes is never refused as a form.
    /// </summary>
    public const int EncodingGrowth = 3;

    /// <summary>The form's fields, or the status of its refusal (415, 413) by the API's body reader.</summary>
    public static async Task<FormPost> ReadAsync(HttpRequest request, int apiLimitBytes, CancellationToken cancellationToken)
    {
        var limit = apiLimitBytes * EncodingGrowth;
        var (body, problem) = await RequestBody.ReadAsync(request, MediaType, limit, cancellationToken);
        if (body is null)
        {
            return new FormPost((problem as IStatusCodeActionResult)?.StatusCode ?? StatusCodes.Status415UnsupportedMediaType, LimitBytes: limit);
        }
        // Limits no smaller than the bounded body itself, so the reader never throws on what it was given.
        var reader = new FormReader(Encoding.UTF8.GetString(body))
        {
            ValueCountLimit = body.Length + 1,
            KeyLengthLimit = body.Length + 1,
            ValueLengthLimit = body.Length + 1,
        };
        return new FormPost(null, reader.ReadForm());
    }

    /// <summary>
    /// The JSON object the API takes, from the form's <paramref name="textFields"/> (a value each; a repeated field is
    /// written twice, so the parser refuses it as the API would) and its <paramref name="listField"/> (<c>topics[]</c>:
    /// an array named without the brackets). Other fields (a button's name, say) are not the API's and are left out.
    /// </summary>
    public static byte[] Json(IReadOnlyDictionary<string, StringValues> fields, IEnumerable<string> textFields, string? listField = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var name in textFields)
            {
                foreach (var value in fields.GetValueOrDefault(name))
                {
                    json.WriteString(name, value);
                }
            }
            if (listField is not null && fields.GetValueOrDefault(listField) is { Count: > 0 } values)
            {
                json.WriteStartArray(listField.TrimEnd('[', ']'));
                foreach (var value in values)
                {
                    json.WriteStringValue(value);
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>What the form shows again: the values sent (a list as one comma-separated value) and the parser's reasons.</summary>
    public static FormState State(IReadOnlyDictionary<string, StringValues> fields, IEnumerable<FieldError> errors, string? notice = null) =>
        new(fields.ToDictionary(field => field.Key, field => string.Join(',', field.Value.OfType<string>()), StringComparer.Ordinal),
            errors.Select(error => new FieldMessage(error.Field, error.Reason)).ToList(),
            notice);
}

/// <summary>A form as read: its fields, or the status it was refused with before it was read (415, 413).</summary>
public sealed record FormPost(int? RefusedStatus, IReadOnlyDictionary<string, StringValues>? Fields = null, int LimitBytes = 0);
