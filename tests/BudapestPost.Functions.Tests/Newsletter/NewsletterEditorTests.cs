using Azure.Data.Tables;
using BudapestPost.Core.Newsletter;
using BudapestPost.Functions.Newsletter;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Newsletter;

[Collection(NewsletterCollection.Name)]
public sealed class NewsletterEditorTests(AzuriteFixture azurite, MailDevFixture mail)
{
    private readonly FakeTimeProvider _time = new(NewsletterTestApp.Start);

    private static string NewAddress(string name) => $"{name}-{Guid.NewGuid():N}@example.hu";

    private static async Task<HttpResult> EraseAsync(TestApp app, string body)
    {
        var exchange = new HttpExchange("POST", "/api/newsletter/erasures").WithBody(body, "application/json");
        return await exchange.ExecuteAsync(await app.Create<NewsletterEditorHttp>().EraseNewsletterSubscriber(exchange.Request, default));
    }

    [Fact]
    public async Task Erase_SubscriberWithDigestsAndAPendingLink_LeavesNothingAboutTheAddressInStorage()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);
        await app.RunDigestAsync();
        var (erased, kept) = (NewAddress("Erased"), NewAddress("kept"));
        await app.SubscribeAsync(mail, erased, "europe");
        await app.SubscribeAsync(mail, kept);
        await app.PublishAsync("story", _time.GetUtcNow().AddHours(1), "europe");
        _time.Advance(TimeSpan.FromDays(1));
        await app.RunDigestAsync();
        var header = (await mail.WaitForMailToAsync(erased, 2))[^1].Message.Headers["List-Unsubscribe"]!.Trim('<', '>');
        await app.UnsubscribeAsync(NewsletterTestApp.TokenOf(header));
        await app.SignUpAsync($$"""{"email":"{{erased}}","name":"Someone"}""");
        var key = await app.SubscriberKeyAsync(erased.ToLowerInvariant());
        Assert.Contains(await AllRowsAsync(app), row => Mentions(row, erased.ToLowerInvariant(), key));

        var response = await EraseAsync(app, $$"""{"email":"{{erased.ToUpperInvariant()}}"}""");

        Assert.Equal(200, response.Status);
        Assert.True(response.Json.GetProperty("found").GetBoolean());
        var rows = await AllRowsAsync(app);
        Assert.DoesNotContain(rows, row => Mentions(row, erased.ToLowerInvariant(), key));
        var keptKey = await app.SubscriberKeyAsync(kept);
        Assert.Contains(rows, row => Mentions(row, kept, keptKey));
        foreach (var blob in await AllBlobTextsAsync(app))
        {
            Assert.DoesNotContain(erased.ToLowerInvariant(), blob, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(key, blob, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Erase_WhileABatchIsSending_LeavesNoDeliveryRowBehind()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);
        var log = app.Get<DeliveryLog>();
        var (erased, kept) = (await app.SubscriberKeyAsync(NewAddress("erased")), await app.SubscriberKeyAsync(NewAddress("kept")));
        var keys = new[] { erased, kept }.Order(StringComparer.Ordinal).ToList();
        await log.ClaimAsync("20261125T060000Z", keys, default);

        // The erasure deletes the claim after the batch sent the email and before it records the outcome.
        await app.Table(names => names.NewsletterTable).DeleteEntityAsync(NewsletterKeys.DeliveriesPartition("20261125T060000Z"), erased);
        await log.RecordAsync("20261125T060000Z", keys.Select(key => (key, DeliveryLog.Sent, (string?)null)), default);

        Assert.Null(await log.FindAsync("20261125T060000Z", erased, default));
        Assert.Equal(DeliveryLog.Sent, (await log.FindAsync("20261125T060000Z", kept, default))!.State);
    }

    [Fact]
    public async Task Erase_UnknownAddress_AnswersNotFoundInTheBody()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);

        var response = await EraseAsync(app, """{"email":"nobody@example.hu"}""");

        Assert.Equal(200, response.Status);
        Assert.False(response.Json.GetProperty("found").GetBoolean());
    }

    [Fact]
    public async Task Erase_InvalidAddress_Answers400()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);

        var response = await EraseAsync(app, """{"email":"nobody"}""");

        Assert.Equal(400, response.Status);
        Assert.NotEmpty(response.ErrorsFor("email"));
    }

    [Fact]
    public async Task Counts_ByStatusAndTopic_CountEachSubscriberOnce()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);
        await app.SubscribeAsync(mail, NewAddress("a"), "europe", "tech");
        await app.SubscribeAsync(mail, NewAddress("b"), "europe");
        await app.SubscribeAsync(mail, NewAddress("c"));
        await app.SignUpAsync($$"""{"email":"{{NewAddress("d")}}"}""");

        var exchange = new HttpExchange("GET", "/api/newsletter/subscribers/counts");
        var response = await exchange.ExecuteAsync(await app.Create<NewsletterEditorHttp>().CountNewsletterSubscribers(exchange.Request, default));

        Assert.Equal(200, response.Status);
        var json = response.Json;
        Assert.Equal(1, json.GetProperty("byStatus").GetProperty("pending").GetInt32());
        Assert.Equal(3, json.GetProperty("byStatus").GetProperty("subscribed").GetInt32());
        Assert.Equal(0, json.GetProperty("byStatus").GetProperty("unsubscribed").GetInt32());
        var byTopic = json.GetProperty("subscribedByTopic");
        Assert.Equal((2, 1, 1), (byTopic.GetProperty("europe").GetInt32(), byTopic.GetProperty("tech").GetInt32(), byTopic.GetProperty("").GetInt32()));
    }

    private static bool Mentions(TableEntity row, string email, string key) =>
        row.PartitionKey.Contains(key, StringComparison.Ordinal) || row.RowKey.Contains(key, StringComparison.Ordinal)
        || row.Any(property => property.Value?.ToString() is { } text &&
            (text.Contains(email, StringComparison.OrdinalIgnoreCase) || text.Contains(key, StringComparison.Ordinal)));

    private static async Task<List<TableEntity>> AllRowsAsync(TestApp app)
    {
        var table = app.Table(names => names.NewsletterTable);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }
        return rows;
    }

    private static async Task<List<string>> AllBlobTextsAsync(TestApp app)
    {
        var container = app.Container(app.Names.NewsletterContainer);
        var texts = new List<string>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            texts.Add((await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString());
        }
        Assert.NotEmpty(texts);
        return texts;
    }
}
