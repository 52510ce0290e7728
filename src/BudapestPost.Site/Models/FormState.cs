namespace BudapestPost.Site.Models;

/// <summary>
/// What a form shows: the values the reader sent, the reasons any were refused (field by field, as the API gives
/// them) and a message for the whole form (a rate limit, say).
/// </summary>
public sealed record FormState(IReadOnlyDictionary<string, string> Values, IReadOnlyList<FieldMessage> Errors, string? Notice = null)
{
    public static readonly FormState Empty = new(new Dictionary<string, string>(), []);

    public bool HasErrors => Errors.Count > 0 || Notice is not null;

    public string Value(string field) => Values.TryGetValue(field, out var value) ? value : "";

    public string? ErrorFor(string field) => Errors.FirstOrDefault(error => error.Field == field)?.Text;
}

/// <summary>Why one field was refused, in words for the reader.</summary>
public sealed record FieldMessage(string Field, string Text);

/// <summary>The report form under an article; <see cref="Action"/> is where it posts.</summary>
public sealed record ReportFormModel(string Action, FormState State);

/// <summary>The newsletter box: an address and the topics a reader may pick (none means everything).</summary>
public sealed record NewsletterFormModel(string Action, IReadOnlyList<Choice> Topics, FormState State)
{
    /// <summary>The checkboxes' name: one name for a list, with brackets, as HTML form conventions write it.</summary>
    public const string TopicsField = "topics[]";

    /// <summary>Topics sent with a refused sign-up stay ticked; they travel as one comma-separated value.</summary>
    public bool IsChecked(string topic) => State.Value(TopicsField).Split(',').Contains(topic, StringComparer.Ordinal);
}

/// <summary>One option of a set of radios or checkboxes: the value sent and the label shown.</summary>
public sealed record Choice(string Value, string Label);
