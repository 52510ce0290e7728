namespace BudapestPost.Functions.Feedback;

/// <summary>A report as the editors' list shows it; the email address is only in the single-report view.</summary>
public sealed record FeedbackListItem(
    string Id,
    string Article,
    string Kind,
    string Status,
    string Message,
    string? Quote,
    string? Name,
    string? Note,
    DateTimeOffset Received,
    DateTimeOffset Updated,
    string Url)
{
    public static FeedbackListItem From(FeedbackEntity report) => new(
        report.RowKey, report.PartitionKey, report.Kind, report.Status, report.Message, report.Quote, report.Name,
        report.EditorNote, report.Received, report.Updated, FeedbackUrls.Report(report.PartitionKey, report.RowKey));
}
