namespace BudapestPost.Core.Feedback;

/// <summary>
/// An editor's change to a report. A null <see cref="Status"/> keeps the status;
/// <see cref="NoteGiven"/> tells "leave the note" (false) from "set it" (true, null or empty clears it).
/// <see cref="Resolution"/> is given only with status resolved.
/// </summary>
public sealed record FeedbackUpdate(FeedbackStatus? Status, bool NoteGiven, string? Note, FeedbackResolution? Resolution = null);
