using BudapestPost.Core.Validation;

namespace BudapestPost.Core.Feedback;

/// <summary>Turns a reader's JSON body into a <see cref="FeedbackSubmission"/> or per-field errors.</summary>
public static class FeedbackSubmissionParser
{
    private static readonly HashSet<string> Fields = ["kind", "message", "quote", "email", "name"];

    public static ParseResult<FeedbackSubmission> Parse(ReadOnlyMemory<byte> utf8Json)
    {
        var errors = new List<FieldError>();
        var fields = FeedbackJson.ReadObject(utf8Json, Fields, errors);
        if (fields is null)
        {
            return ParseResult<FeedbackSubmission>.Invalid(errors);
        }

        var kindName = FeedbackJson.ReadText(fields, "kind", multiLine: false, errors);
        var kind = FeedbackKind.Other;
        if (!errors.Any(e => e.Field == "kind") && !FeedbackNames.TryParseKind(kindName, out kind))
        {
            errors.Add(new FieldError("kind", $"Must be one of: {string.Join(", ", FeedbackNames.AllKinds)}."));
        }

        var message = FeedbackJson.ReadText(fields, "message", multiLine: true, errors);
        if (!errors.Any(e => e.Field == "message"))
        {
            var length = message is null ? 0 : FeedbackText.Length(message);
            if (length is < FeedbackLimits.MessageMinLength or > FeedbackLimits.MessageMaxLength)
            {
                errors.Add(new FieldError("message",
                    $"Must be {FeedbackLimits.MessageMinLength} to {FeedbackLimits.MessageMaxLength} characters."));
            }
        }

        var quote = FeedbackJson.ReadText(fields, "quote", multiLine: true, errors);
        FeedbackJson.CheckMaxLength(quote, "quote", FeedbackLimits.QuoteMaxLength, errors);

        var name = FeedbackJson.ReadText(fields, "name", multiLine: false, errors);
        FeedbackJson.CheckMaxLength(name, "name", FeedbackLimits.NameMaxLength, errors);

        var email = FeedbackJson.ReadText(fields, "email", multiLine: false, errors);
        if (email is not null && !EmailAddress.IsValid(email))
        {
            errors.Add(new FieldError("email", $"Must be a valid email address of at most {FeedbackLimits.EmailMaxLength} characters."));
        }

        return errors.Count > 0
            ? ParseResult<FeedbackSubmission>.Invalid(errors)
            : ParseResult<FeedbackSubmission>.Valid(new FeedbackSubmission(kind, message!, quote, email, name));
    }
}

/// <summary>A reader's report after validation and normalization; optional fields are null when not given.</summary>
public sealed record FeedbackSubmission(
    FeedbackKind Kind,
    string Message,
    string? Quote,
    string? Email,
    string? Name);

/// <summary>Sizes a report may have. Text lengths count Unicode code points after normalization.</summary>
public static class FeedbackLimits
{
    public const int MessageMinLength = 10;
    public const int MessageMaxLength = 4000;
    public const int QuoteMaxLength = 1000;
    public const int EmailMaxLength = 254;
    public const int NameMaxLength = 100;
    public const int NoteMaxLength = 2000;
    public const int IdempotencyKeyMaxLength = 100;

    /// <summary>Largest request body accepted, in bytes.</summary>
    public const int BodyMaxBytes = 16 * 1024;
}
