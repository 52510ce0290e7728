using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using BudapestPost.Testing;

namespace BudapestPost.EndToEndTests;

/// <summary>The newsletter through the DevHost, the real worker, Azurite and a real SMTP server.</summary>
[Collection(NewsletterAppCollection.Name)]
public sealed class NewsletterTests(NewsletterAppFixture app)
{
    private static string NewAddress(string name) => $"{name}-{Guid.NewGuid():N}@example.hu";

    private Task<HttpResponseMessage> SignUpAsync(string email, params string[] topics) =>
        app.Client.PostAsJsonAsync("api/newsletter/subscriptions", new { email, topics });

    /// <summary>
    /// Signs up, follows the link in the confirmation email to the website's confirm page and presses its button, as
    /// a reader does (following the link alone confirms nothing: mail scanners follow links).
    /// </summary>
    private async Task SubscribeAsync(string email)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await SignUpAsync(email)).StatusCode);
        var confirmation = (await app.Mail.WaitForMailToAsync(email)).Single();
        var link = confirmation.Text.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(app.SiteUrl + "newsletter/confirm?token=", StringComparison.Ordinal));

        var followed = await app.NoRedirects.GetAsync(link);
        var token = System.Web.HttpUtility.ParseQueryString(new Uri(link).Query)["token"]!;
        var pressed = await app.NoRedirects.PostAsync("newsletter/confirm", new FormUrlEncodedContent([new KeyValuePair<string, string>("token", token)]));

        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        Assert.Contains($"value=\"{token}\"", await followed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.SeeOther, pressed.StatusCode);
        Assert.Equal(app.SiteUrl + "newsletter/confirmed", pressed.Headers.Location!.ToString());
    }

    private async Task<string> PublishAsync(string prefix)
    {
        var slug = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
        var file = new ArticleFileBuilder().WithSlug(slug).WithTitle("Headline " + slug).WithSection("europe")
            .WithPublished(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+00:00'", CultureInfo.InvariantCulture));
        using var request = new HttpRequestMessage(HttpMethod.Put, $"api/articles/{slug}") { Content = new ByteArrayContent(file.Build()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
        request.Headers.Add("x-functions-key", FunctionAppFixture.FunctionKey);
        Assert.Equal(HttpStatusCode.Accepted, (await app.Client.SendAsync(request)).StatusCode);
        return slug;
    }

    private async Task<ReceivedMail> WaitForDigestAsync(string email, string slug)
    {
        // Publishing, the settle time, a timer tick and the queue's polling (backing off to a minute when idle):
        // generous on a loaded machine.
        var mails = await Eventually.Until(() => app.Mail.MailToAsync(email),
            m => m.Any(mail => mail.Text.Contains(slug, StringComparison.Ordinal)), TimeSpan.FromMinutes(4));
        Assert.True(mails.Any(mail => mail.Text.Contains(slug, StringComparison.Ordinal)),
            $"No digest with {slug} reached {email}. The app's newsletter log:\n" + string.Join('\n',
                app.Host.Output.Where(line => line.Contains("Newsletter", StringComparison.Ordinal) || line.Contains("Digest", StringComparison.Ordinal)).TakeLast(60)));
        return Assert.Single(mails, mail => mail.Text.Contains(slug, StringComparison.Ordinal));
    }

    /// <summary>The email's links (the articles' pages, the unsubscribe page) are pages of the website the app serves.</summary>
    private async Task AssertEveryLinkResolvesAsync(ReceivedMail mail)
    {
        var links = System.Text.RegularExpressions.Regex.Matches(mail.Html, "href=\"([^\"]+)\"")
            .Select(match => WebUtility.HtmlDecode(match.Groups[1].Value)).Distinct().ToList();
        Assert.Contains(links, link => link.StartsWith(app.SiteUrl + "articles/", StringComparison.Ordinal));
        foreach (var link in links)
        {
            Assert.True((await app.NoRedirects.GetAsync(link)).StatusCode == HttpStatusCode.OK, link);
        }
    }

    [Fact]
    public async Task Reader_SignsUpConfirmsGetsTheDigestAndUnsubscribesInOneClick()
    {
        var (reader, other) = (NewAddress("reader"), NewAddress("other"));
        await SubscribeAsync(reader);
        await SubscribeAsync(other);

        var first = await PublishAsync("first");
        var digest = await WaitForDigestAsync(reader, first);
        Assert.Contains("Headline " + first, digest.Html);
        Assert.Equal("List-Unsubscribe=One-Click", digest.Message.Headers["List-Unsubscribe-Post"]);
        await AssertEveryLinkResolvesAsync(digest);
        await WaitForDigestAsync(other, first);

        var unsubscribeLink = digest.Message.Headers["List-Unsubscribe"]!.Trim('<', '>');
        var unsubscribed = await app.NoRedirects.PostAsync(unsubscribeLink,
            new FormUrlEncodedContent([new KeyValuePair<string, string>("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.SeeOther, unsubscribed.StatusCode);
        Assert.Equal(app.SiteUrl + "newsletter/unsubscribed", unsubscribed.Headers.Location!.ToString());

        var second = await PublishAsync("second");
        await WaitForDigestAsync(other, second);
        var readerMail = await app.Mail.MailToAsync(reader);
        Assert.DoesNotContain(readerMail, mail => mail.Text.Contains(second, StringComparison.Ordinal));
        Assert.Equal(2, readerMail.Count); // the confirmation and the first digest
    }

    [Fact]
    public async Task SignUp_RepeatedTenTimes_MailsAtMostThreeConfirmations()
    {
        var address = NewAddress("repeated");

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await SignUpAsync(address)).StatusCode);
        }

        Assert.Equal(3, (await app.Mail.WaitForMailToAsync(address, 3)).Count);
        await Eventually.Until(async () => (await SignUpQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount, count => count == 0);
        await Task.Delay(TimeSpan.FromSeconds(1)); // every sign-up handled: nothing more is on its way
        Assert.Equal(3, (await app.Mail.MailToAsync(address)).Count);
    }

    [Fact]
    public async Task SignUp_WhileMailIsDown_AnswersAsWhileItIsUp_AndTheEmailArrivesOnceMailIsBack()
    {
        var (whileUp, whileDown) = (NewAddress("mail-up"), NewAddress("mail-down"));
        var up = await SignUpAsync(whileUp);
        await app.Mail.WaitForMailToAsync(whileUp);
        app.MailServer.Stop();
        HttpResponseMessage down;
        try
        {
            down = await SignUpAsync(whileDown);
            await Task.Delay(TimeSpan.FromSeconds(3)); // the queue's handler meets the outage
            Assert.Empty(await app.Mail.MailToAsync(whileDown));
        }
        finally
        {
            app.MailServer.Start();
        }

        Assert.Equal((up.StatusCode, await up.Content.ReadAsStringAsync()), (down.StatusCode, await down.Content.ReadAsStringAsync()));
        var confirmation = Assert.Single(await app.Mail.WaitForMailToAsync(whileDown));
        Assert.Contains(app.SiteUrl + "newsletter/confirm?token=", confirmation.Text);
        Assert.Contains(app.Host.Output, line => line.Contains("the mail server is unavailable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Confirm_UnknownToken_RedirectsToTheLinkExpiredPage()
    {
        var response = await app.NoRedirects.GetAsync("api/newsletter/confirm?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(app.SiteUrl + "newsletter/link-expired", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Digest_BatchDeliveredAgain_SendsNothingTwice()
    {
        var reader = NewAddress("redelivered");
        await SubscribeAsync(reader);
        var slug = await PublishAsync("redelivered");
        await WaitForDigestAsync(reader, slug);
        var digestId = await LatestDigestWithArticlesAsync();

        // The queue delivers a batch again, as after an invocation that failed once it had sent.
        var queue = new QueueClient(app.Storage.ConnectionString, "newsletter-digest", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.SendMessageAsync(JsonSerializer.Serialize(new { digestId, from = "", to = (string?)null }));
        await Eventually.Until(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount, count => count == 0);
        await Eventually.Until(() => DeliveryStateAsync(digestId, reader), state => state == "sent");

        Assert.Single(await app.Mail.MailToAsync(reader), mail => mail.Text.Contains(slug, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Erasure_LeavesNothingAboutTheAddressInStorage()
    {
        var reader = NewAddress("erased");
        await SubscribeAsync(reader);
        var slug = await PublishAsync("erasure");
        await WaitForDigestAsync(reader, slug);

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/newsletter/erasures") { Content = JsonContent.Create(new { email = reader }) };
        var response = await (await app.Host.AdminAsync()).SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("found").GetBoolean());
        var key = await SubscriberKeyAsync(reader);
        await foreach (var table in app.Storage.TableService.QueryAsync())
        {
            await foreach (var row in app.Storage.TableService.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                var text = JsonSerializer.Serialize(row);
                Assert.DoesNotContain(reader, text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(key, text, StringComparison.Ordinal);
            }
        }
        await foreach (var container in app.Storage.BlobService.GetBlobContainersAsync())
        {
            var client = app.Storage.BlobService.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                var content = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
                Assert.DoesNotContain(reader, content, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    private async Task<string> LatestDigestWithArticlesAsync()
    {
        var digests = app.Storage.TableService.GetTableClient("Newsletter")
            .QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"digests"} and Articles gt {0}"));
        var ids = new List<string>();
        await foreach (var digest in digests)
        {
            ids.Add(digest.RowKey);
        }
        return ids.Max(StringComparer.Ordinal)!;
    }

    private async Task<string?> DeliveryStateAsync(string digestId, string email)
    {
        var row = await app.Storage.TableService.GetTableClient("Newsletter").GetEntityIfExistsAsync<TableEntity>("deliveries~" + digestId, await SubscriberKeyAsync(email));
        return row.HasValue ? row.Value!.GetString("State") : null;
    }

    private QueueClient SignUpQueue =>
        new(app.Storage.ConnectionString, "newsletter-signups", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    // The HMAC of the address under the key the app keeps in its table: what its rows about the address are keyed by.
    private async Task<string> SubscriberKeyAsync(string email)
    {
        var secret = (await app.Storage.TableService.GetTableClient("Newsletter").GetEntityAsync<TableEntity>("~state", "unsubscribe-key")).Value.GetBinary("Key");
        return Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(secret, System.Text.Encoding.UTF8.GetBytes("subscriber\n" + email)));
    }
}
