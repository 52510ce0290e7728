namespace BudapestPost.Core.Articles;

/// <summary>A dated public note saying what was wrong in an article and what was changed.</summary>
public sealed record Correction(DateTimeOffset At, string Text);
