using System.Diagnostics.CodeAnalysis;

namespace BudapestPost.Core.Validation;

/// <summary>What a parser made of its input: a valid value, or the per-field reasons it was refused, never both.</summary>
public sealed class ParseResult<T>
    where T : class
{
    private ParseResult(T? value, IReadOnlyList<FieldError> errors) => (Value, Errors) = (value, errors);

    public T? Value { get; }

    public IReadOnlyList<FieldError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsValid => Value is not null;

    public static ParseResult<T> Valid(T value) => new(value, []);

    public static ParseResult<T> Invalid(IReadOnlyList<FieldError> errors) =>
        errors.Count > 0 ? new(null, errors) : throw new ArgumentException("An invalid result needs a reason.", nameof(errors));

    public static ParseResult<T> Invalid(string field, string reason) => new(null, [new FieldError(field, reason)]);
}

/// <summary>One reason a value was refused: which field, and why, in words a caller can act on.</summary>
public sealed record FieldError(string Field, string Reason);
