using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Pages;
using BudapestPost.Functions.Storage;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Pages;

/// <summary>The app with the website's pages, a fake clock, and helpers to publish articles and ask for pages as the host would.</summary>
internal static class PagesTestApp
{
    public static readonly DateTimeOffset Start = new(2025, 2, 20, 9, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(5);
    public const string SiteUrl = "https://budapestpost.test";

    public static Task<TestApp> StartAsync(
        AzuriteFixture azurite, FakeTimeProvider time, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null) =>
        TestApp.StartAsync(azurite, services =>
        {
            services.AddSingleton<TimeProvider>(time);
            configure?.Invoke(services);
        }, new Dictionary<string, string?>
        {
            ["ReadCache:FreshFor"] = FreshFor.ToString(),
            ["Site:BaseUrl"] = SiteUrl,
            ["Feeds:PublicApiUrl"] = SiteUrl + "/api/",
        }.Concat(settings ?? new Dictionary<string, string?>()).ToDictionary());

    private static int _uploads;

    public static async Task PublishAsync(this TestApp app, string slug, ArticleFileBuilder file)
    {
        var outcome = await app.Get<ArticlePublisher>().PublishAsync(new ArticleFile(slug + ".md", file.Build(),
            new SourceVersion($"\"{slug}\"", Start.AddSeconds(Interlocked.Increment(ref _uploads)))), default);
        Assert.NotEqual(PublishOutcome.Rejected, outcome);
    }

    public static long StorageRequests(this TestApp app) => app.Get<StorageRequestCounter>().Count;

    /// <summary>A GET (or HEAD) of a page through the exception middleware, as the worker runs it.</summary>
    public static Task<HttpResult> PageAsync(this TestApp app, string method, string path, Func<HttpExchange, Task<IActionResult>> function,
        params (string Name, string Value)[] headers)
    {
        var question = path.IndexOf('?');
        var exchange = new HttpExchange(method, question < 0 ? path : path[..question], question < 0 ? null : path[(question + 1)..]);
        foreach (var (name, value) in headers)
        {
            exchange.WithHeader(name, value);
        }
        return app.SendAsync(exchange, () => function(exchange));
    }

    public static Task<HttpResult> ArticleAsync(this TestApp app, string slug, params (string Name, string Value)[] headers) =>
        app.PageAsync("GET", "/articles/" + slug, exchange => app.Create<ArticlePageHttp>().GetArticlePage(exchange.Request, slug, default), headers);

    /// <summary>A form post of <paramref name="body"/> to <paramref name="path"/>.</summary>
    public static Task<HttpResult> PostFormAsync(this TestApp app, string path, string body, Func<HttpExchange, Task<IActionResult>> function,
        string contentType = PageForms.MediaType, string clientAddress = "203.0.113.7")
    {
        var exchange = new HttpExchange("POST", path).WithBody(body, contentType);
        exchange.Context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(clientAddress);
        return app.SendAsync(exchange, () => function(exchange));
    }
}
