using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Feedback;
using BudapestPost.Functions.Health;
using BudapestPost.Functions.Tests.Feedback;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.Azure;
using Xunit.Abstractions;

namespace BudapestPost.Functions.Tests.Faults;

/// <summary>
/// Storage cut off under load, through a proxy in front of Azurite (with the SDK's own retries,
/// shortened): every answer is a 201 or a 503 problem with Retry-After, every 201 is stored, and
/// the same app instance recovers when storage comes back.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageOutageTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string Slug = "outage-article";
    private int _client;

    [Fact]
    public async Task StorageDown_EveryEndpointAnswers503_AcceptedReportsAreKept_AndTheAppRecovers()
    {
        using var blobs = new TcpProxy(azurite.BlobPort);
        using var tables = new TcpProxy(azurite.TablePort);
        var connection = azurite.ConnectionString
            .Replace($":{azurite.BlobPort}/", $":{blobs.Port}/")
            .Replace($":{azurite.TablePort}/", $":{tables.Port}/");
        await using var app = await TestApp.StartAsync(connection, services => services.AddAzureClients(clients =>
            clients.ConfigureDefaults(options =>
            {
                options.Retry.MaxRetries = 2;
                options.Retry.Delay = TimeSpan.FromMilliseconds(20);
            })));
        await app.PublishAsync(Slug);

        var before = await PostManyAsync(app, 6);
        blobs.Stop();
        tables.Stop();
        var during = await PostManyAsync(app, 6);
        var reads = await ReadEverythingAsync(app);
        blobs.Start();
        tables.Start();
        var cutMidway = PostEachAsync(app, 12);
        await Task.WhenAny(cutMidway); // storage goes away while the others are in flight
        blobs.Stop();
        tables.Stop();
        var mixed = await Task.WhenAll(cutMidway);
        blobs.Start();
        tables.Start();
        var after = await PostManyAsync(app, 6);
        var readsAfter = await ReadEverythingAsync(app);

        var all = before.Concat(during).Concat(reads).Concat(mixed).Concat(after).Concat(readsAfter).ToList();
        output.WriteLine($"before {Count(before)}, down {Count(during)}, reads down {Count(reads)}, cut midway {Count(mixed)}, " +
                         $"after {Count(after)}, reads after {Count(readsAfter)}");
        Assert.All(before.Concat(after), response => Assert.Equal(201, response.Status));
        Assert.All(during.Concat(reads), response => Assert.Equal(503, response.Status));
        Assert.All(readsAfter, response => Assert.Equal(200, response.Status));
        Assert.All(mixed, response => Assert.Contains(response.Status, new[] { 201, 503 }));
        Assert.All(all.Where(response => response.Status == 503), response =>
        {
            Assert.Equal("application/problem+json", response.MediaType);
            Assert.Equal("30", response.Headers.RetryAfter.ToString());
        });
        foreach (var accepted in all.Where(response => response.Status == 201))
        {
            var id = accepted.Json.GetProperty("id").GetString()!;
            Assert.NotNull(await app.Get<FeedbackStore>().GetAsync(Slug, id, default));
        }
    }

    private async Task<HttpResult[]> PostManyAsync(TestApp app, int count) => await Task.WhenAll(PostEachAsync(app, count));

    private List<Task<HttpResult>> PostEachAsync(TestApp app, int count) =>
        Enumerable.Range(0, count).Select(_ => Task.Run(() =>
            app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody, clientAddress: $"198.51.100.{Interlocked.Increment(ref _client)}"), Slug))).ToList();

    private static async Task<HttpResult[]> ReadEverythingAsync(TestApp app)
    {
        var article = new HttpExchange("GET", "/api/articles/" + Slug);
        var list = new HttpExchange("GET", "/api/articles");
        var health = new HttpExchange("GET", "/api/health");
        var feedback = new HttpExchange("GET", "/api/feedback");
        return
        [
            await app.SendAsync(article, () => app.Create<ArticlesHttp>().GetArticle(article.Request, Slug, default)),
            await app.SendAsync(list, () => app.Create<ArticlesHttp>().ListArticles(list.Request, default)),
            await app.SendAsync(health, () => app.Create<HealthCheck>().Health(health.Request, default)),
            await app.SendAsync(feedback, () => app.Create<FeedbackTriageHttp>().ListFeedback(feedback.Request, default)),
        ];
    }

    private static string Count(IEnumerable<HttpResult> responses) =>
        string.Join(" ", responses.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()}×{g.Key}"));
}
