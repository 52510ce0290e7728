namespace BudapestPost.Core.Validation;

/// <summary>One reason a value was refused: which field, and why, in words a caller can act on.</summary>
public sealed record FieldError(string Field, string Reason);
