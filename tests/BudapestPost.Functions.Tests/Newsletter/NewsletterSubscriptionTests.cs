using BudapestPost.Core.Newsletter;
using BudapestPost.Functions.Newsletter;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Newsletter;

[Collection(NewsletterCollection.Name)]
public sealed class NewsletterSubscriptionTests(AzuriteFixture azurite, MailDevFixture mail)
{
    private readonly FakeTimeProvider _time = new(NewsletterTestApp.Start);

    private static string NewAddress() => $"reader-{Guid.NewGuid():N}@example.hu";

    private static string Body(string email) => $$"""{"email":"{{email}}","topics":["europe"],"name":"Kiss Anna"}""";

    [Fact]
    public async Task SignUp_NewAddress_MailsConfirmationLinkWithOneClickUnsubscribeHeaders()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);
        var address = NewAddress();

        var response = await app.SignUpAsync(Body(address));

        Assert.Equal(202, response.Status);
        var message = (await mail.WaitForMailToAsync(address)).Single().Message;
        Assert.DoesNotContain("Kiss Anna", message.TextBody + message.HtmlBody);
        Assert.Contains(NewsletterTestApp.SiteUrl + "newsletter/confirm?token=", message.TextBody);
        Assert.StartsWith($"<{NewsletterTestApp.ApiBaseUrl}/api/newsletter/unsubscribe?token=", message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        var subscriber = await app.Get<SubscriberStore>().FindAsync(await app.SubscriberKeyAsync(address), default);
        Assert.True(subscriber!.Is(SubscriberStatus.Pending));
        Assert.Equal(["europe"], subscriber.TopicList);
    }

    [Fact]
    public async Task SignUp_SameAddressTenTimes_MailsAtMostTheDailyCapAndAnswersTheSame()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);
        var address = NewAddress();

        var responses = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var response = await app.SignUpAsync(Body(address), clientAddress: $"198.51.100.{i + 1}");
            Assert.Equal(202, response.Status);
            responses.Add(response.Body);
        }

        Assert.Single(responses.Distinct());
        Assert.Equal(3, (await mail.WaitForMailToAsync(address, 3)).Count);
        _time.Advance(TimeSpan.FromDays(1));
        await app.SignUpAsync(Body(address));
        Assert.Equal(4, (await mail.WaitForMailToAsync(address, 4)).Count);
    }

    [Fact]
    public async Task SignUp_AlreadySubscribed_AnswersTheSameAndMailsNothing()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);
        var address = NewAddress();
        var first = await app.SignUpAsync(Body(address));
        Assert.Equal(303, (await app.ConfirmAsync(await NewsletterTestApp.ConfirmationTokenAsync(mail, address))).Status);

        var again = await app.SignUpAsync(Body(address));

        Assert.Equal((first.Status, first.Body), (again.Status, again.Body));
        Assert.Single(await mail.MailToAsync(address));
    }

    [Fact]
    public async Task SignUp_OverTheClientLimit_Answers429WithRetryAfter()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time, options => options.PerClientPermitLimit = 2);

        await app.SignUpAsync(Body(NewAddress()), clientAddress: "192.0.2.1");
        await app.SignUpAsync(Body(NewAddress()), clientAddress: "192.0.2.1");
        var third = await app.SignUpAsync(Body(NewAddress()), clientAddress: "192.0.2.1");

        Assert.Equal(429, third.Status);
        Assert.Equal("3600", third.Headers.RetryAfter.ToString());
    }

    [Theory]
    [InlineData("""{"email":"not-an-address"}""", "email")]
    [InlineData("""{"email":"a@example.hu","topics":["gardening"]}""", "topics")]
    [InlineData("""{"email":"a@example.hu","topics":"europe"}""", "topics")]
    [InlineData("""{"email":42}""", "email")]
    [InlineData("""{"email":"a@example.hu","name":["x"]}""", "name")]
    [InlineData("""{"email":"a@example.hu","phone":"1"}""", "phone")]
    [InlineData("""[1]""", "body")]
    public async Task SignUp_InvalidBody_Answers400WithFieldErrorsAndStoresNothing(string body, string field)
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);

        var response = await app.SignUpAsync(body);

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.NotEmpty(response.ErrorsFor(field));
        Assert.Null(await app.Get<SubscriberStore>().FindAsync(await app.SubscriberKeyAsync("a@example.hu"), default));
    }

    [Fact]
    public async Task SignUp_WrongMediaTypeOrTooLarge_Answers415And413()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);

        Assert.Equal(415, (await app.SignUpAsync(Body(NewAddress()), contentType: "text/plain")).Status);
        Assert.Equal(413, (await app.SignUpAsync($$"""{"email":"a@example.hu","name":"{{new string('x', 5000)}}"}""")).Status);
    }

    [Fact]
    public async Task Confirm_FollowedTwice_SubscribesAndRedirectsToTheConfirmedPageBothTimes()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);
        var address = NewAddress();
        await app.SignUpAsync(Body(address));
        var token = await NewsletterTestApp.ConfirmationTokenAsync(mail, address);

        var first = await app.ConfirmAsync(token);
        var second = await app.ConfirmAsync(token);

        Assert.Equal((303, NewsletterTestApp.SiteUrl + "newsletter/confirmed"), (first.Status, first.Headers.Location.ToString()));
        Assert.Equal(first.Headers.Location.ToString(), second.Headers.Location.ToString());
        var subscriber = await app.Get<SubscriberStore>().FindAsync(await app.SubscriberKeyAsync(address), default);
        Assert.True(subscriber!.Is(SubscriberStatus.Subscribed));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Confirm_UnknownOrMalformedToken_RedirectsToTheLinkExpiredPage(string? token)
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);

        var response = await app.ConfirmAsync(token);

        Assert.Equal((303, NewsletterTestApp.SiteUrl + "newsletter/link-expired"), (response.Status, response.Headers.Location.ToString()));
    }

    [Fact]
    public async Task Confirm_After48Hours_RedirectsToTheLinkExpiredPageAndLeavesTheAddressPending()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);
        var address = NewAddress();
        await app.SignUpAsync(Body(address));
        var token = await NewsletterTestApp.ConfirmationTokenAsync(mail, address);

        _time.Advance(TimeSpan.FromHours(48) + TimeSpan.FromSeconds(1));
        var response = await app.ConfirmAsync(token);

        Assert.Equal(NewsletterTestApp.SiteUrl + "newsletter/link-expired", response.Headers.Location.ToString());
        var subscriber = await app.Get<SubscriberStore>().FindAsync(await app.SubscriberKeyAsync(address), default);
        Assert.True(subscriber!.Is(SubscriberStatus.Pending));
    }

    [Fact]
    public async Task Confirm_OlderLinkAfterANewSignUp_NoLongerWorks()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);
        var address = NewAddress();
        await app.SignUpAsync(Body(address));
        var older = await NewsletterTestApp.ConfirmationTokenAsync(mail, address);
        await app.SignUpAsync(Body(address));
        var newer = await NewsletterTestApp.ConfirmationTokenAsync(mail, address, 2);

        Assert.Equal(NewsletterTestApp.SiteUrl + "newsletter/link-expired", (await app.ConfirmAsync(older)).Headers.Location.ToString());
        Assert.Equal(NewsletterTestApp.SiteUrl + "newsletter/confirmed", (await app.ConfirmAsync(newer)).Headers.Location.ToString());
    }

    [Fact]
    public async Task Unsubscribe_WithTheEmailsHeaderLink_UnsubscribesAndTheUsedConfirmLinkCannotUndoIt()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);
        var address = NewAddress();
        await app.SignUpAsync(Body(address));
        var confirmToken = await NewsletterTestApp.ConfirmationTokenAsync(mail, address);
        await app.ConfirmAsync(confirmToken);
        var header = (await mail.MailToAsync(address))[0].Message.Headers["List-Unsubscribe"]!.Trim('<', '>');

        var response = await app.UnsubscribeAsync(NewsletterTestApp.TokenOf(header));
        var reconfirm = await app.ConfirmAsync(confirmToken);

        Assert.Equal((303, NewsletterTestApp.SiteUrl + "newsletter/unsubscribed"), (response.Status, response.Headers.Location.ToString()));
        Assert.Equal(NewsletterTestApp.SiteUrl + "newsletter/link-expired", reconfirm.Headers.Location.ToString());
        var subscriber = await app.Get<SubscriberStore>().FindAsync(await app.SubscriberKeyAsync(address), default);
        Assert.True(subscriber!.Is(SubscriberStatus.Unsubscribed));
    }

    [Fact]
    public async Task Unsubscribe_ForgedToken_ChangesNothing()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);
        var address = NewAddress();
        await app.SubscribeAsync(mail, address);
        var forged = UnsubscribeToken.Create(new byte[32], await app.SubscriberKeyAsync(address));

        var response = await app.UnsubscribeAsync(forged);

        Assert.Equal(NewsletterTestApp.SiteUrl + "newsletter/link-expired", response.Headers.Location.ToString());
        var subscriber = await app.Get<SubscriberStore>().FindAsync(await app.SubscriberKeyAsync(address), default);
        Assert.True(subscriber!.Is(SubscriberStatus.Subscribed));
    }

    [Fact]
    public async Task SignUp_AfterUnsubscribing_NeedsAFreshConfirmation()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);
        var address = NewAddress();
        await app.SubscribeAsync(mail, address);
        var header = (await mail.MailToAsync(address))[0].Message.Headers["List-Unsubscribe"]!.Trim('<', '>');
        await app.UnsubscribeAsync(NewsletterTestApp.TokenOf(header));

        await app.SignUpAsync(Body(address));

        var subscriber = await app.Get<SubscriberStore>().FindAsync(await app.SubscriberKeyAsync(address), default);
        Assert.True(subscriber!.Is(SubscriberStatus.Pending));
        Assert.Equal(2, (await mail.WaitForMailToAsync(address, 2)).Count);
    }

    [Fact]
    public async Task PurgeExpired_UnconfirmedAddress_IsRemovedOnceItsLinkExpired()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);
        var (pending, confirmed) = (NewAddress(), NewAddress());
        await app.SignUpAsync(Body(pending));
        await app.SubscribeAsync(mail, confirmed);

        _time.Advance(TimeSpan.FromHours(49));
        await app.Get<NewsletterSubscriptions>().PurgeExpiredAsync(default);

        Assert.Null(await app.Get<SubscriberStore>().FindAsync(await app.SubscriberKeyAsync(pending), default));
        Assert.NotNull(await app.Get<SubscriberStore>().FindAsync(await app.SubscriberKeyAsync(confirmed), default));
    }
    [Fact]
    public async Task SignUp_WhileTheMailServerIsDown_AnswersAsWhileItIsUp_AndTheEmailFollowsOnceItIsBack()
    {
        using var smtp = new TcpProxy(mail.SmtpPort);
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time, options => options.MailRetryAfter = TimeSpan.FromSeconds(1),
            smtpPort: smtp.Port);
        var (whileUp, whileDown) = (NewAddress(), NewAddress());
        var up = await app.SignUpAsync(Body(whileUp));
        smtp.Stop();

        var down = await app.SignUpAsync(Body(whileDown));

        Assert.Equal((up.Status, up.Body), (down.Status, down.Body));
        Assert.Empty(await mail.MailToAsync(whileDown));
        var queued = (await NewsletterTestApp.SignUpQueueOf(app).GetPropertiesAsync()).Value.ApproximateMessagesCount;
        Assert.Equal(1, queued); // queued again for later, not lost
        smtp.Start();
        await Eventually.Until(() => app.HandleSignUpsAsync(), handled => handled == 1);
        Assert.Single(await mail.WaitForMailToAsync(whileDown));
    }
    [Fact]
    public async Task HandleSignUp_MailServerStillDownOnTheLastAttempt_FailsForTheQueueToRetryAndThenPoison()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time, smtpPort: LoopbackPort.Free());
        var signUp = new SignUpMessage("last", NewAddress(), [], NewsletterSubscriptions.MaxMailAttempts - 1);

        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => app.Get<NewsletterSubscriptions>().HandleSignUpAsync(signUp, default));

        Assert.False(await NewsletterTestApp.SignUpQueueOf(app).ExistsAsync());
    }

    [Fact]
    public async Task HandleSignUp_TriedAgainAfterItWasCounted_CountsOnceAgainstTheDailyCap()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time, options => options.ConfirmationsPerAddressPerDay = 1);
        var signUp = new SignUpMessage("once", NewAddress(), []);

        await app.Get<NewsletterSubscriptions>().HandleSignUpAsync(signUp, default);
        await app.Get<NewsletterSubscriptions>().HandleSignUpAsync(signUp, default);

        Assert.Equal(2, (await mail.WaitForMailToAsync(signUp.Email, 2)).Count);
        var subscriber = await app.Get<SubscriberStore>().FindAsync(await app.SubscriberKeyAsync(signUp.Email), default);
        Assert.Equal(1, subscriber!.ConfirmationsSent);
    }

    [Fact]
    public async Task SignUp_NewAndSubscribedAddress_CostTheSameStorageCallsAndNoMailWhileTheReaderWaits()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);
        var (known, fresh) = (NewAddress(), NewAddress());
        await app.SubscribeAsync(mail, known);
        await app.SignUpAsync(Body(NewAddress())); // the queue and the client's counter exist, as on a running app
        var counter = app.Get<BudapestPost.Functions.Storage.StorageRequestCounter>();

        var calls = new List<long>();
        foreach (var address in new[] { known, fresh })
        {
            var before = counter.Count;
            var exchange = new HttpExchange("POST", "/api/newsletter/subscriptions").WithBody(Body(address), "application/json");
            exchange.Context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("203.0.113.9");
            Assert.Equal(202, (await exchange.ExecuteAsync(await app.Create<NewsletterHttp>().SubscribeToNewsletter(exchange.Request, default))).Status);
            calls.Add(counter.Count - before);
        }

        Assert.Equal(calls[0], calls[1]);
        Assert.Empty(await mail.MailToAsync(fresh)); // mailed from the queue, not while the reader waits
        await app.HandleSignUpsAsync();
        Assert.Single(await mail.WaitForMailToAsync(fresh));
    }
}
