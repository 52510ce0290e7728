using System.Collections.Concurrent;
using Xunit.Abstractions;

namespace BudapestPost.EndToEndTests.Site;

/// <summary>
/// The API's seeded fuzz pointed at the website: hostile paths, queries, forms, content types and headers on the page
/// routes get pages of the site with a 4xx status (or the host's own answer, before any page runs), never a 5xx.
/// </summary>
[Collection(SiteAppCollection.Name)]
public sealed class PageFuzzTests(SiteAppFixture site, ITestOutputHelper output)
{
    private const int Seed = 20_251_207;
    private const int Requests = 1_500;
    private const int Concurrency = 8;

    [Fact]
    public async Task Fuzz_PageRoutes_No5xx_Every4xxAPage()
    {
        using var client = new HttpClient(new SocketsHttpHandler
        {
            RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8,
            AllowAutoRedirect = false,
            UseCookies = false,
        })
        {
            BaseAddress = site.Client.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var requests = new HttpFuzzRequests(Seed, SiteAppFixture.SeedSlug, []).GeneratePages(Requests).ToList();

        var results = new ConcurrentBag<(FuzzRequest Request, int Status, string? ContentType, string Body, bool Rejected)>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (request, token) =>
        {
            using var message = request.ToMessage();
            try
            {
                using var response = await client.SendAsync(message, token);
                var body = await response.Content.ReadAsStringAsync(token);
                // Kestrel's own rejections (a request line it cannot read) are bodiless and close the connection.
                var rejected = response.Headers.ConnectionClose == true && body.Length == 0 && response.Content.Headers.ContentType is null;
                results.Add((request, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, rejected));
            }
            catch (HttpRequestException exception)
            {
                results.Add((request, 0, null, exception.Message, false));
            }
        });

        var failures = results.Select(result => result switch
        {
            { Status: 0 } => $"no response: {result.Request} -> {result.Body}",
            { Status: >= 500 } => $"{result.Status}: {result.Request} -> {Cut(result.Body)}",
            { Status: >= 400, Rejected: false } when result.Request.Method != "HEAD" && result.ContentType != "text/html" && !FuzzRequest.IsHostAnswer(result.Body) =>
                $"{result.Status} as {result.ContentType ?? "no content type"}: {result.Request} -> {Cut(result.Body)}",
            _ => null,
        }).OfType<string>().ToList();
        output.WriteLine(string.Join(", ", results.GroupBy(result => result.Status).OrderBy(group => group.Key).Select(group => $"{group.Key} x {group.Count()}")));

        Assert.Contains(results, result => result.Status == 400);
        Assert.Contains(results, result => result.Status == 404);
        Assert.Contains(results, result => result.Status == 413);
        Assert.Contains(results, result => result.Status == 415);
        Assert.True(failures.Count == 0, $"{failures.Count} failures (seed {Seed}):\n" + string.Join('\n', failures.Take(40)));
    }

    private static string Cut(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
