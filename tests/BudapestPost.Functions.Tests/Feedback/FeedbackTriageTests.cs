using BudapestPost.Core.Feedback;
using BudapestPost.Functions.Feedback;
using BudapestPost.Testing;

namespace BudapestPost.Functions.Tests.Feedback;

[Collection(AzuriteCollection.Name)]
public sealed class FeedbackTriageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ListAsync_ArticleAndStatus_FiltersInOnePartition()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        var reports = new[]
        {
            Report("a", FeedbackTestApp.Start, "new"),
            Report("a", FeedbackTestApp.Start.AddMinutes(1), "resolved"),
            Report("a", FeedbackTestApp.Start.AddMinutes(2), "new"),
            Report("b", FeedbackTestApp.Start.AddMinutes(3), "new"),
        };
        foreach (var report in reports)
        {
            await app.FeedbackTable().AddEntityAsync(report);
        }

        var page = await app.Get<FeedbackTriage>().ListAsync(new FeedbackQuery("a", FeedbackStatus.New, 10, null), default);

        Assert.Equal([reports[2].RowKey, reports[0].RowKey], page.Items.Select(r => r.Id));
        Assert.Null(page.Continuation);
    }

    private static FeedbackEntity Report(string slug, DateTimeOffset received, string status) => new()
    {
        PartitionKey = slug,
        RowKey = FeedbackId.Create(received),
        Kind = "typo",
        Message = "A message long enough.",
        Status = status,
        Received = received,
        Updated = received,
        ClientHash = "hash",
    };
}
