using System.Text.Json;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Feedback;
using BudapestPost.Core.Validation;

namespace BudapestPost.Core.Newsletter;

/// <summary>A sign-up as the reader sent it: a normalized address and the topics chosen (none = everything).</summary>
public sealed record SubscriptionRequest(string Email, IReadOnlyList<string> Topics);

/// <summary>
/// Turns a sign-up body <c>{"email", "topics"?, "name"?}</c> into a <see cref="SubscriptionRequest"/> or
/// per-field errors, with the same shape rules as reader feedback (unknown or repeated fields, wrong types).
/// </summary>
/// <remarks>
/// <c>name</c> is still accepted and checked, so clients that send it keep working, but it goes no further: text a
/// stranger chooses never reaches anyone's inbox through the confirmation email, and a name is not data to keep.
/// </remarks>
public static class SubscriptionRequestParser
{
    public const int MaxTopics = 20;
    public const int NameMaxLength = 100;

    private static readonly HashSet<string> Fields = ["email", "topics", "name"];
    private static readonly HashSet<string> EmailOnly = ["email"];

    /// <param name="knownTopics">The tags and sections the newsletter offers; any other topic is refused.</param>
    public static ParseResult<SubscriptionRequest> Parse(ReadOnlyMemory<byte> utf8Json, IReadOnlySet<string> knownTopics)
    {
        var errors = new List<FieldError>();
        var fields = FeedbackJson.ReadObject(utf8Json, Fields, errors);
        if (fields is null)
        {
            return ParseResult<SubscriptionRequest>.Invalid(errors);
        }

        var email = FeedbackJson.ReadText(fields, "email", multiLine: false, errors);
        if (!errors.Any(e => e.Field == "email") && (email is null || !EmailAddress.IsValid(email)))
        {
            errors.Add(new FieldError("email", $"Must be a valid email address of at most {EmailAddress.MaxLength} characters."));
        }

        var topics = ReadTopics(fields, knownTopics, errors);

        FeedbackJson.CheckMaxLength(FeedbackJson.ReadText(fields, "name", multiLine: false, errors), "name", NameMaxLength, errors);

        return errors.Count > 0
            ? ParseResult<SubscriptionRequest>.Invalid(errors)
            : ParseResult<SubscriptionRequest>.Valid(new SubscriptionRequest(EmailAddress.Normalize(email!), topics));
    }

    /// <summary>An editor's erasure request <c>{"email"}</c>: the normalized address, or why it was refused.</summary>
    public static ParseResult<string> ParseErasure(ReadOnlyMemory<byte> utf8Json)
    {
        var errors = new List<FieldError>();
        var fields = FeedbackJson.ReadObject(utf8Json, EmailOnly, errors);
        var email = fields is null ? null : FeedbackJson.ReadText(fields, "email", multiLine: false, errors);
        if (fields is not null && !errors.Any(e => e.Field == "email") && (email is null || !EmailAddress.IsValid(email)))
        {
            errors.Add(new FieldError("email", $"Must be a valid email address of at most {EmailAddress.MaxLength} characters."));
        }
        return errors.Count > 0
            ? ParseResult<string>.Invalid(errors)
            : ParseResult<string>.Valid(EmailAddress.Normalize(email!));
    }

    private static IReadOnlyList<string> ReadTopics(
        Dictionary<string, JsonElement> fields, IReadOnlySet<string> knownTopics, List<FieldError> errors)
    {
        if (!fields.TryGetValue("topics", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (element.ValueKind != JsonValueKind.Array || element.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
        {
            errors.Add(new FieldError("topics", "Must be an array of strings."));
            return [];
        }

        var topics = element.EnumerateArray().Select(t => t.GetString()!).Distinct(StringComparer.Ordinal).ToList();
        if (topics.Count > MaxTopics)
        {
            errors.Add(new FieldError("topics", $"Must name at most {MaxTopics} topics."));
        }
        var unknown = topics.Where(t => !Slug.IsValid(t) || !knownTopics.Contains(t)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add(new FieldError("topics",
                $"Unknown topic(s): {string.Join(", ", unknown)}. Known topics: {string.Join(", ", knownTopics.Order(StringComparer.Ordinal))}."));
        }
        topics.Sort(StringComparer.Ordinal);
        return topics;
    }
}
