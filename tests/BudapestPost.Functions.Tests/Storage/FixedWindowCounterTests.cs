using Azure.Data.Tables;
using BudapestPost.Functions.Storage;
using BudapestPost.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class FixedWindowCounterTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    [Fact]
    public async Task Counters_OfClientsNeverSeenAgain_AreDeletedOnceTheirWindowPassed_SoRowsStayBounded()
    {
        var table = azurite.TableService.GetTableClient("Counters" + Guid.NewGuid().ToString("N")[..12]);
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("~state", "digest") { ["Cursor"] = 1L }); // not a counter: stays
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        using var counter = new FixedWindowCounter(table, time);

        for (var window = 0; window < 4; window++)
        {
            // Each window, 30 clients never seen before (rotating IPv6 prefixes, say).
            await Task.WhenAll(Enumerable.Range(0, 30).Select(client =>
                counter.AcquireAsync("~state", $"rate~{window}-{client}", 10, Window, default)));
            time.Advance(Window);
        }
        await counter.AcquireAsync("~state", "rate~steady", 1, Window, default);

        var rows = await Eventually.Until(() => RowKeysAsync(table), keys => keys.Count <= 2);
        Assert.Equal(["digest", "rate~steady"], rows.Order(StringComparer.Ordinal));
        Assert.False((await counter.AcquireAsync("~state", "rate~steady", 1, Window, default)).Allowed);
    }

    private static async Task<List<string>> RowKeysAsync(TableClient table)
    {
        var keys = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            keys.Add(row.RowKey);
        }
        return keys;
    }
}
