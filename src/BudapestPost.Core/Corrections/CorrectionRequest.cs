namespace BudapestPost.Core.Corrections;

/// <summary>
/// An editor's correction: the public <see cref="Text"/>, the reader reports it answers, and
/// optionally the corrected Markdown <see cref="Body"/> that replaces the article's body.
/// </summary>
public sealed record CorrectionRequest(string Text, IReadOnlyList<string> Feedback, string? Body);
