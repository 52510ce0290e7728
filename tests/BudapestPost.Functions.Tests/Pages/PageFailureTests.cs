using Azure;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Pages;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Pages;

/// <summary>How the website's pages fail: pages of the site with the right status, while the API keeps its problems.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PageFailureTests(AzuriteFixture azurite)
{
    private const string PageFunction = "BudapestPost.Functions.Pages.ArticlePageHttp.GetArticlePage";
    private const string ApiFunction = "BudapestPost.Functions.Articles.ArticlesHttp.GetArticle";

    private readonly FakeTimeProvider _time = new(PagesTestApp.Start);

    [Fact]
    public async Task StorageOutage_InAPage_Is503PageWithRetryAfter_AndInTheApiA503Problem()
    {
        await using var app = await PagesTestApp.StartAsync(azurite, _time);

        var page = await FailAsync(app, PageFunction, new RequestFailedException(503, "server busy"));
        var api = await FailAsync(app, ApiFunction, new RequestFailedException(503, "server busy"));

        Assert.Equal((503, "text/html", "30"), (page.Status, page.MediaType, page.Headers.RetryAfter.ToString()));
        Assert.Contains("Sorry, the site is unavailable", page.Body);
        Assert.Contains("try again in 30 seconds", page.Body);
        Assert.Equal("no-store", page.Headers.CacheControl.ToString());
        Assert.Equal((503, "application/problem+json"), (api.Status, api.MediaType));
    }

    [Fact]
    public async Task Failure_InAPage_Is500PageWithoutInternals()
    {
        await using var app = await PagesTestApp.StartAsync(azurite, _time);

        var page = await FailAsync(app, PageFunction, new InvalidOperationException("secret connection detail"));

        Assert.Equal((500, "text/html"), (page.Status, page.MediaType));
        Assert.Contains("Sorry, something went wrong", page.Body);
        Assert.DoesNotContain("secret", page.Body);
    }

    [Fact]
    public async Task PagesSwitchedOff_PageRoutesAnswer404Problems_AndTheApiIsUnchanged()
    {
        await using var app = await PagesTestApp.StartAsync(azurite, _time, new Dictionary<string, string?> { ["Site:ServePages"] = "false" });
        var middleware = ActivatorUtilities.CreateInstance<PagesSwitchMiddleware>(app.Get<IServiceProvider>());
        var (page, api) = (new HttpExchange("GET", "/"), new HttpExchange("GET", "/api/articles"));
        var ran = new List<string>();

        await middleware.Invoke(FunctionContexts.Http(page.Context, PageFunction), _ => { ran.Add("page"); return Task.CompletedTask; });
        await middleware.Invoke(FunctionContexts.Http(api.Context, ApiFunction), _ => { ran.Add("api"); return Task.CompletedTask; });
        var answer = await page.ReadResponseAsync();

        Assert.Equal(["api"], ran);
        Assert.Equal((404, "application/problem+json"), (answer.Status, answer.MediaType));
        Assert.Contains("https://budapestpost.test", answer.Body);
    }

    private static async Task<HttpResult> FailAsync(TestApp app, string entryPoint, Exception exception)
    {
        var exchange = new HttpExchange("GET", "/articles/x");
        var middleware = ActivatorUtilities.CreateInstance<ExceptionHandlingMiddleware>(app.Get<IServiceProvider>());
        await middleware.Invoke(FunctionContexts.Http(exchange.Context, entryPoint), _ => throw exception);
        return await exchange.ReadResponseAsync();
    }
}
