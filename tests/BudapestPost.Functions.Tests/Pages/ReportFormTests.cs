using BudapestPost.Functions.Feedback;
using BudapestPost.Functions.Pages;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Pages;

/// <summary>The report form without script: a form post that gets the API's validation, limits and intake.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReportFormTests(AzuriteFixture azurite)
{
    private const string Valid = "kind=typo&message=The+second+paragraph+repeats+a+word.&quote=a+word+word&email=";

    private readonly FakeTimeProvider _time = new(PagesTestApp.Start);

    [Fact]
    public async Task PostReport_Valid_StoresTheReport_And303sToTheReceipt()
    {
        await using var app = await StartWithArticleAsync();

        var answer = await PostAsync(app, Valid);
        var receipt = await app.PageAsync("GET", "/articles/story/reported",
            exchange => app.Create<ArticlePageHttp>().GetReportReceivedPage(exchange.Request, "story", default));

        Assert.Equal(303, answer.Status);
        Assert.Equal("/articles/story/reported", answer.Headers.Location.ToString());
        var report = Assert.Single(await Reports(app));
        Assert.Equal(("typo", "The second paragraph repeats a word.", "a word word"), (report.Kind, report.Message, report.Quote));
        Assert.Null(report.Email);
        Assert.Equal(200, receipt.Status);
        Assert.Contains("<div id=\"report-form\"", receipt.Body);
        Assert.Contains("Thank you for your report", receipt.Body);
    }

    [Fact]
    public async Task PostReport_Invalid_ShowsTheFormAgainWithTheApisReasons_AndStoresNothing()
    {
        await using var app = await StartWithArticleAsync();

        var answer = await PostAsync(app, "kind=nonsense&message=Short&email=not-an-address");

        Assert.Equal(400, answer.Status);
        Assert.Contains("<div class=\"error-summary\" role=\"alert\"", answer.Body);
        Assert.Contains("<a href=\"#report-message\">What is wrong: Must be 10 to 4000 characters.</a>", answer.Body);
        Assert.Contains("<a href=\"#report-kind-inaccuracy\">Kind of problem: Must be one of:", answer.Body);
        Assert.Contains("Email address: Must be a valid email address", answer.Body);
        Assert.Contains("id=\"report-message-error\"", answer.Body);
        Assert.Contains(">Short</textarea>", answer.Body);
        Assert.Contains("<title>Error: Report an inaccuracy – Budapest Post</title>", answer.Body);
        Assert.Empty(await Reports(app));
    }

    [Theory]
    [InlineData("application/json", 415)]
    [InlineData("application/x-www-form-urlencoded; charset=latin1", 415)]
    [InlineData("multipart/form-data; boundary=x", 415)]
    public async Task PostReport_NotAForm_Is415Page(string contentType, int status)
    {
        await using var app = await StartWithArticleAsync();

        var answer = await PostAsync(app, Valid, contentType);

        Assert.Equal(status, answer.Status);
        Assert.Equal("text/html", answer.MediaType);
        Assert.Empty(await Reports(app));
    }

    [Fact]
    public async Task PostReport_LargerThanTheApiTakesEvenPercentEncoded_Is413Page()
    {
        await using var app = await StartWithArticleAsync();
        // The API takes 16 KiB of JSON; every byte outside ASCII is three on the wire, so a form may be three times that.
        var withinLimit = await PostAsync(app, "kind=other&message=" + string.Concat(Enumerable.Repeat("%C3%A9", 4000)));
        var overLimit = await PostAsync(app, "kind=other&message=" + new string('x', 3 * 16 * 1024));

        Assert.Equal(303, withinLimit.Status);
        Assert.Equal(413, overLimit.Status);
        Assert.Contains("The form is too large", overLimit.Body);
        Assert.Single(await Reports(app));
    }

    [Fact]
    public async Task PostReport_OverTheRateLimit_SaysWhenToTryAgain_With429()
    {
        await using var app = await StartWithArticleAsync(new Dictionary<string, string?> { ["Feedback:PerArticlePermitLimit"] = "1" });

        var first = await PostAsync(app, Valid);
        var second = await PostAsync(app, Valid);

        Assert.Equal(303, first.Status);
        Assert.Equal(429, second.Status);
        Assert.Equal("60", second.Headers.RetryAfter.ToString());
        Assert.Contains("Too many reports from this address. Please try again in a minute.", second.Body);
        Assert.Single(await Reports(app));
    }

    [Fact]
    public async Task PostReport_UnknownArticle_Is404Page()
    {
        await using var app = await PagesTestApp.StartAsync(azurite, _time);

        var answer = await PostAsync(app, Valid);

        Assert.Equal(404, answer.Status);
        Assert.Contains("Page not found", answer.Body);
    }

    private async Task<TestApp> StartWithArticleAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var app = await PagesTestApp.StartAsync(azurite, _time, settings);
        await app.PublishAsync("story", new ArticleFileBuilder());
        return app;
    }

    private static Task<HttpResult> PostAsync(TestApp app, string body, string contentType = PageForms.MediaType) =>
        app.PostFormAsync("/articles/story/report", body, exchange => app.Create<ArticlePageHttp>().PostReport(exchange.Request, "story", default), contentType);

    private static async Task<IReadOnlyList<FeedbackEntity>> Reports(TestApp app) =>
        await app.Get<FeedbackStore>().ReportsAsync("story", null, "", 100, default).ToListAsync();
}
