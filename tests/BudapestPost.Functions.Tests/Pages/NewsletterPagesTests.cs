using BudapestPost.Core.Newsletter;
using BudapestPost.Functions.Newsletter;
using BudapestPost.Functions.Pages;
using BudapestPost.Functions.Tests.Newsletter;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Pages;

/// <summary>The newsletter box and the pages its emails lead to, with a real SMTP server.</summary>
[Collection(NewsletterCollection.Name)]
public sealed class NewsletterPagesTests(AzuriteFixture azurite, MailDevFixture mail)
{
    private readonly FakeTimeProvider _time = new(NewsletterTestApp.Start);

    private static string NewAddress() => $"page-reader-{Guid.NewGuid():N}@example.hu";

    [Fact]
    public async Task SignUp_FromTheBox_303sToCheckYourEmail_AndTheEmailsLinkConfirmsOnlyWhenTheButtonIsPressed()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);
        var address = NewAddress();

        var signedUp = await SignUpAsync(app, $"email={Uri.EscapeDataString(address)}&topics%5B%5D=europe&topics%5B%5D=world");
        var token = await NewsletterTestApp.ConfirmationTokenAsync(mail, address);
        var confirmPage = await StepAsync(app, "confirm", token);
        var pending = await SubscriberAsync(app, address);
        var pressed = await app.PostFormAsync("/newsletter/confirm", "token=" + token,
            exchange => app.Create<NewsletterPagesHttp>().PostNewsletterConfirmation(exchange.Request, default));

        Assert.Equal((303, "/newsletter/check-your-email"), (signedUp.Status, signedUp.Headers.Location.ToString()));
        Assert.Equal(200, confirmPage.Status);
        Assert.Equal("no-store", confirmPage.Headers.CacheControl.ToString());
        Assert.Contains($"<input type=\"hidden\" name=\"token\" value=\"{token}\">", confirmPage.Body);
        Assert.True(pending!.Is(SubscriberStatus.Pending));
        Assert.Equal((303, NewsletterTestApp.SiteUrl + "newsletter/confirmed"), (pressed.Status, pressed.Headers.Location.ToString()));
        var subscriber = await SubscriberAsync(app, address);
        Assert.True(subscriber!.Is(SubscriberStatus.Subscribed));
        Assert.Equal(["europe", "world"], subscriber.TopicList);
    }

    [Fact]
    public async Task SignUp_Invalid_ShowsTheSignUpPageWithTheApisReasons_KeepingWhatWasTicked()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);

        var refused = await SignUpAsync(app, "email=nobody&topics%5B%5D=world&topics%5B%5D=astrology");

        Assert.Equal(400, refused.Status);
        Assert.Contains("<a href=\"#newsletter-email\">Email address: Must be a valid email address", refused.Body);
        Assert.Contains("Topics: Unknown topic(s): astrology.", refused.Body);
        Assert.Contains("value=\"world\" checked", refused.Body);
        Assert.Contains("value=\"nobody\"", refused.Body);
    }

    [Fact]
    public async Task SignUp_OverTheClientLimit_Is429WithWhenToTryAgain()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time, options => options.PerClientPermitLimit = 1);

        await SignUpAsync(app, "email=" + Uri.EscapeDataString(NewAddress()), "198.51.100.77");
        var limited = await SignUpAsync(app, "email=" + Uri.EscapeDataString(NewAddress()), "198.51.100.77");

        Assert.Equal(429, limited.Status);
        Assert.NotEqual("", limited.Headers.RetryAfter.ToString());
        Assert.Contains("Too many sign-ups from this address.", limited.Body);
    }

    [Fact]
    public async Task ConfirmButton_UnknownToken_303sToLinkExpired_AndTheConfirmPageWithoutAToken_Is400()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);

        var pressed = await app.PostFormAsync("/newsletter/confirm", "token=" + new string('A', 43),
            exchange => app.Create<NewsletterPagesHttp>().PostNewsletterConfirmation(exchange.Request, default));
        var incomplete = await StepAsync(app, "confirm", null);

        Assert.Equal((303, NewsletterTestApp.SiteUrl + "newsletter/link-expired"), (pressed.Status, pressed.Headers.Location.ToString()));
        Assert.Equal(400, incomplete.Status);
        Assert.Contains("This link has expired", incomplete.Body);
    }

    [Fact]
    public async Task UnsubscribePage_PostsTheTokenToTheApisOneClickUnsubscribe()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);

        var token = System.Buffers.Text.Base64Url.EncodeToString(new byte[48]);

        var page = await StepAsync(app, "unsubscribe", token);

        Assert.Equal(200, page.Status);
        Assert.Contains($"<form method=\"post\" action=\"/api/newsletter/unsubscribe?token={token}\">", page.Body);
    }

    [Theory]
    [InlineData("confirmed", 200, "You are subscribed")]
    [InlineData("unsubscribed", 200, "You are unsubscribed")]
    [InlineData("link-expired", 200, "This link has expired")]
    [InlineData("check-your-email", 200, "Check your email")]
    [InlineData("elsewhere", 404, "Page not found")]
    public async Task Steps_HaveTheirPages(string step, int status, string heading)
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);

        var page = await StepAsync(app, step, null);

        Assert.Equal(status, page.Status);
        Assert.Contains($"<h1 class=\"page-title\">{heading}</h1>", page.Body);
    }

    private static async Task<HttpResult> SignUpAsync(TestApp app, string body, string? clientAddress = null)
    {
        var result = await app.PostFormAsync("/newsletter", body, exchange => app.Create<NewsletterPagesHttp>().PostNewsletterSignUp(exchange.Request, default),
            clientAddress: clientAddress ?? "198.51.100." + Random.Shared.Next(1, 250));
        await app.HandleSignUpsAsync();
        return result;
    }

    private static Task<HttpResult> StepAsync(TestApp app, string step, string? token) =>
        app.PageAsync("GET", $"/newsletter/{step}" + (token is null ? "" : "?token=" + token),
            exchange => app.Create<NewsletterPagesHttp>().GetNewsletterStepPage(exchange.Request, step, default));

    private static async Task<SubscriberEntity?> SubscriberAsync(TestApp app, string address) =>
        await app.Get<SubscriberStore>().FindAsync(await app.SubscriberKeyAsync(address), default);
}
