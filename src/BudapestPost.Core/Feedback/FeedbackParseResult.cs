using BudapestPost.Core.Validation;

namespace BudapestPost.Core.Feedback;

/// <summary>Either a valid value or the per-field reasons it was refused, never both.</summary>
public sealed class FeedbackParseResult<T>
    where T : class
{
    private FeedbackParseResult(T? value, IReadOnlyList<FieldError> errors) => (Value, Errors) = (value, errors);

    public T? Value { get; }

    public IReadOnlyList<FieldError> Errors { get; }

    public bool IsValid => Value is not null;

    public static FeedbackParseResult<T> Valid(T value) => new(value, []);

    public static FeedbackParseResult<T> Invalid(IReadOnlyList<FieldError> errors) =>
        errors.Count > 0 ? new(null, errors) : throw new ArgumentException("An invalid result needs a reason.", nameof(errors));
}
