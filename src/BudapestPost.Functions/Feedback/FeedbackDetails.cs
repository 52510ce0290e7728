namespace BudapestPost.Functions.Feedback;

/// <summary>One report with everything an editor may see, including the reader's email address.</summary>
public sealed record FeedbackDetails(
    string Id,
    string Article,
    string Kind,
    string Status,
    string Message,
    string? Quote,
    string? Email,
    string? Name,
    string? Note,
    DateTimeOffset Received,
    DateTimeOffset Updated,
    string ClientHash,
    string? UserAgent)
{
    public static FeedbackDetails From(FeedbackEntity report) => new(
        report.RowKey, report.PartitionKey, report.Kind, report.Status, report.Message, report.Quote, report.Email,
        report.Name, report.EditorNote, report.Received, report.Updated, report.ClientHash, report.UserAgent);
}
