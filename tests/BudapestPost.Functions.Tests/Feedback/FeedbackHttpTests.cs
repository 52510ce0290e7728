using System.Text;
using Azure.Core;
using BudapestPost.Functions.Feedback;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Feedback;

[Collection(AzuriteCollection.Name)]
public sealed class FeedbackHttpTests(AzuriteFixture azurite)
{
    private const string Slug = "summit-report";

    [Fact]
    public async Task PostFeedback_ValidReport_Returns201WithLocationAndNoEmail()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        await app.PublishAsync(Slug);

        var response = await app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody), Slug);

        Assert.Equal(201, response.Status);
        var id = response.Json.GetProperty("id").GetString()!;
        Assert.Equal($"/api/feedback/{Slug}/{id}", response.Headers.Location.ToString());
        Assert.Equal(["id", "article", "kind", "status", "received"], response.Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Slug, response.Json.GetProperty("article").GetString());
        Assert.Equal("inaccuracy", response.Json.GetProperty("kind").GetString());
        Assert.Equal("new", response.Json.GetProperty("status").GetString());
        Assert.Equal(FeedbackTestApp.Start, response.Json.GetProperty("received").GetDateTimeOffset());
        Assert.DoesNotContain("reader@example.hu", response.Body);
    }

    [Fact]
    public async Task PostFeedback_ValidReport_StoresAllFieldsWithHashedClient()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        await app.PublishAsync(Slug);

        var response = await app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody, clientAddress: "198.51.100.23"), Slug);

        var stored = Assert.Single(app.StoredReports());
        Assert.Equal(Slug, stored.PartitionKey);
        Assert.Equal(response.Json.GetProperty("id").GetString(), stored.RowKey);
        Assert.Equal(("inaccuracy", "new"), (stored.Kind, stored.Status));
        Assert.Equal("The summit was on Tuesday, not Monday.", stored.Message);
        Assert.Equal(("on Monday", "reader@example.hu", "Kiss Anna"), (stored.Quote, stored.Email, stored.Name));
        Assert.Equal((FeedbackTestApp.Start, FeedbackTestApp.Start), (stored.Received, stored.Updated));
        Assert.Null(stored.EditorNote);
        Assert.Equal(await app.Get<FeedbackStore>().HashClientAsync("198.51.100.23", default), stored.ClientHash);
        Assert.Equal("Mozilla/5.0 (X11; Linux x86_64) Test", stored.UserAgent);
        var raw = string.Join("|", app.FeedbackTable().Query<Azure.Data.Tables.TableEntity>().SelectMany(e => e.Select(p => p.Value?.ToString())));
        Assert.DoesNotContain("198.51.100.23", raw);
    }

    [Fact]
    public async Task PostFeedback_LongUserAgent_StoresItTruncated()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        await app.PublishAsync(Slug);

        await app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody).WithHeader("User-Agent", new string('u', 5000)), Slug);

        Assert.Equal(new string('u', FeedbackIntake.UserAgentMaxLength), Assert.Single(app.StoredReports()).UserAgent);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("draft")]
    [InlineData("retracted")]
    public async Task PostFeedback_ArticleNotPublished_Returns404AndStoresNothing(string? status)
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        if (status is not null)
        {
            await app.PublishAsync(Slug, new ArticleFileBuilder().WithStatus(status));
        }

        var response = await app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody), Slug);

        Assert.Equal(404, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal("urn:budapest-post:problem:not-found", response.Json.GetProperty("type").GetString());
        Assert.Empty(app.StoredReports());
    }

    [Fact]
    public async Task PostFeedback_InvalidSlug_Returns400ForSlug()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);

        var response = await app.SendAsync(FeedbackTestApp.Post("Not~A~Slug", FeedbackTestApp.ValidBody), "Not~A~Slug");

        Assert.Equal(400, response.Status);
        Assert.Single(response.ErrorsFor("slug"));
    }

    [Theory]
    [InlineData("""{"kind":"praise","message":"Lovely article, thank you."}""", "kind")]
    [InlineData("""{"message":"Lovely article, thank you."}""", "kind")]
    [InlineData("""{"kind":"typo","message":"short"}""", "message")]
    [InlineData("""{"kind":"typo"}""", "message")]
    [InlineData("""{"kind":"typo","message":12345678901}""", "message")]
    [InlineData("""{"kind":"typo","message":"\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000b"}""", "message")]
    [InlineData("""{"kind":"typo","message":"A broken \ud800 surrogate here"}""", "message")]
    [InlineData("""{"kind":"typo","message":"Spelling of the minister's name.","email":"not-an-address"}""", "email")]
    [InlineData("""{"kind":"typo","message":"Spelling of the minister's name.","email":42}""", "email")]
    [InlineData("""{"kind":"typo","message":"Spelling of the minister's name.","name":["a"]}""", "name")]
    [InlineData("""{"kind":"typo","message":"Spelling of the minister's name.","quote":false}""", "quote")]
    [InlineData("""{"kind":"typo","message":"Spelling of the minister's name.","status":"resolved"}""", "status")]
    [InlineData("""{"kind":"typo","message":"Spelling of the minister's name.","kind":"other"}""", "kind")]
    [InlineData("""{"kind":"typo","message":"Spelling of the minister's name.",""", "body")]
    [InlineData("""[{"kind":"typo"}]""", "body")]
    [InlineData("", "body")]
    public async Task PostFeedback_InvalidBody_Returns400ForField(string body, string field)
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        await app.PublishAsync(Slug);

        var response = await app.SendAsync(FeedbackTestApp.Post(Slug, body), Slug);

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal("urn:budapest-post:problem:validation", response.Json.GetProperty("type").GetString());
        Assert.NotEmpty(response.ErrorsFor(field));
        Assert.Empty(app.StoredReports());
    }

    [Theory]
    [InlineData("message", 4001)]
    [InlineData("quote", 1001)]
    [InlineData("name", 101)]
    public async Task PostFeedback_FieldTooLong_Returns400ForField(string field, int length)
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        await app.PublishAsync(Slug);
        var fields = new Dictionary<string, string> { ["kind"] = "other", ["message"] = "Long enough message.", [field] = new string('x', length) };

        var response = await app.SendAsync(FeedbackTestApp.Post(Slug, System.Text.Json.JsonSerializer.Serialize(fields)), Slug);

        Assert.Equal(400, response.Status);
        Assert.NotEmpty(response.ErrorsFor(field));
    }

    [Fact]
    public async Task PostFeedback_EmailOver254_Returns400ForEmail()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        await app.PublishAsync(Slug);
        var email = new string('a', 60) + "@" + new string('b', 191) + ".hu";

        var response = await app.SendAsync(FeedbackTestApp.Post(Slug, $$"""{"kind":"other","message":"Long enough message.","email":"{{email}}"}"""), Slug);

        Assert.Equal(255, email.Length);
        Assert.NotEmpty(response.ErrorsFor("email"));
    }

    [Fact]
    public async Task PostFeedback_InvalidUtf8_Returns400ForBody()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        await app.PublishAsync(Slug);
        var bytes = Encoding.UTF8.GetBytes("""{"kind":"other","message":"Bad byte here: X, and more."}""");
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0xFF;

        var exchange = FeedbackTestApp.Post(Slug, "").WithBody(bytes, "application/json; charset=utf-8");
        var response = await app.SendAsync(exchange, Slug);

        Assert.Equal(400, response.Status);
        Assert.Equal(["Is not valid UTF-8."], response.ErrorsFor("body"));
    }

    [Fact]
    public async Task PostFeedback_MultipleProblems_ReportsEveryField()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        await app.PublishAsync(Slug);

        var response = await app.SendAsync(FeedbackTestApp.Post(Slug, """{"kind":"x","message":"","email":"@","extra":1}"""), Slug);

        var fields = response.Json.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order();
        Assert.Equal(["email", "extra", "kind", "message"], fields);
    }

    [Fact]
    public async Task PostFeedback_NormalizesTextBeforeStoring()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        await app.PublishAsync(Slug);

        await app.SendAsync(FeedbackTestApp.Post(Slug, """{"kind":"typo","message":"  Gyo\u030Br is misspelt\u0007 here.\r\nSecond line. ","name":"Pe\u0301ter\n"}"""), Slug);

        var stored = Assert.Single(app.StoredReports());
        Assert.Equal("Győr is misspelt here.\nSecond line.", stored.Message);
        Assert.Equal("Péter", stored.Name);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/json; charset=iso-8859-1")]
    public async Task PostFeedback_NotJson_Returns415(string? contentType)
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        await app.PublishAsync(Slug);

        var response = await app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody, contentType), Slug);

        Assert.Equal(415, response.Status);
        Assert.Equal("urn:budapest-post:problem:unsupported-media-type", response.Json.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/json;charset=\"utf-8\"")]
    public async Task PostFeedback_JsonInUtf8_IsAccepted(string contentType)
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        await app.PublishAsync(Slug);

        var response = await app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody, contentType), Slug);

        Assert.Equal(201, response.Status);
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions.ToString());
    }

    [Fact]
    public async Task PostFeedback_BodyOver16KiB_Returns413()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        await app.PublishAsync(Slug);
        var body = $$"""{"kind":"other","message":"{{new string('a', 16 * 1024)}}"}""";

        var response = await app.SendAsync(FeedbackTestApp.Post(Slug, body), Slug);

        Assert.Equal(413, response.Status);
        Assert.Empty(app.StoredReports());
    }

    [Fact]
    public async Task PostFeedback_OversizedBodyWithoutContentLength_StopsReadingAtTheLimit()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        var body = new CountingStream(totalBytes: 10 * 1024 * 1024);
        var exchange = FeedbackTestApp.Post(Slug, "");
        exchange.Request.Body = body;
        exchange.Request.ContentLength = null;

        var response = await app.SendAsync(exchange, Slug);

        Assert.Equal(413, response.Status);
        Assert.True(body.BytesRead < 100 * 1024, $"read {body.BytesRead} bytes");
    }

    [Fact]
    public async Task PostFeedback_SameIdempotencyKeyAndBody_ReplaysSame201AndStoresOnce()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        await app.PublishAsync(Slug);

        var first = await app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody).WithHeader("Idempotency-Key", "key-1"), Slug);
        var reordered = """{"message":"The summit was on Tuesday, not Monday.", "kind":"inaccuracy","name":"Kiss Anna","email":"reader@example.hu","quote":"on Monday"}""";
        var second = await app.SendAsync(FeedbackTestApp.Post(Slug, reordered).WithHeader("Idempotency-Key", "key-1"), Slug);

        Assert.Equal((201, 201), (first.Status, second.Status));
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(first.Headers.Location.ToString(), second.Headers.Location.ToString());
        Assert.Single(app.StoredReports());
    }

    [Fact]
    public async Task PostFeedback_SameIdempotencyKeyDifferentBody_Returns422AndStoresOnce()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        await app.PublishAsync(Slug);

        await app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody).WithHeader("Idempotency-Key", "key-1"), Slug);
        var second = await app.SendAsync(FeedbackTestApp.Post(Slug, """{"kind":"typo","message":"A different report entirely."}""").WithHeader("Idempotency-Key", "key-1"), Slug);

        Assert.Equal(422, second.Status);
        Assert.Equal("urn:budapest-post:problem:idempotency-key-reused", second.Json.GetProperty("type").GetString());
        Assert.Single(app.StoredReports());
    }

    [Fact]
    public async Task PostFeedback_ConcurrentRetriesWithOneKey_StoreOnceAndAllGetTheSameId()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        await app.PublishAsync(Slug);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody, clientAddress: $"192.0.2.{i}").WithHeader("Idempotency-Key", "retry-storm"), Slug)));

        Assert.All(responses, r => Assert.Equal(201, r.Status));
        Assert.Single(responses.Select(r => r.Json.GetProperty("id").GetString()).Distinct());
        Assert.Single(app.StoredReports());
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("ключ")]
    public async Task PostFeedback_InvalidIdempotencyKey_Returns400ForHeader(string key)
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        await app.PublishAsync(Slug);

        var response = await app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody).WithHeader("Idempotency-Key", key), Slug);

        Assert.Equal(400, response.Status);
        Assert.NotEmpty(response.ErrorsFor("Idempotency-Key"));
        Assert.Empty(app.StoredReports());
    }

    [Fact]
    public async Task PostFeedback_IdempotencyKeyLength_AllowsExactly100()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        await app.PublishAsync(Slug);

        var atLimit = await app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody).WithHeader("Idempotency-Key", new string('k', 100)), Slug);
        var overLimit = await app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody).WithHeader("Idempotency-Key", new string('k', 101)), Slug);

        Assert.Equal((201, 400), (atLimit.Status, overLimit.Status));
    }

    [Fact]
    public async Task PostFeedback_50Concurrent_Stores50DistinctReports()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        await app.PublishAsync(Slug);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody, clientAddress: $"10.0.{i / 200}.{i % 200}"), Slug)));

        Assert.All(responses, r => Assert.Equal(201, r.Status));
        var ids = responses.Select(r => r.Json.GetProperty("id").GetString()!).ToHashSet();
        Assert.Equal(50, ids.Count);
        Assert.Equal(ids, app.StoredReports().Select(r => r.RowKey).ToHashSet());
    }

    [Fact]
    public async Task PostFeedback_OverPerArticleLimit_Returns429WithRetryAfterUntilWindowEnds()
    {
        var time = new FakeTimeProvider(FeedbackTestApp.Start.AddSeconds(15));
        await using var app = await FeedbackTestApp.StartAsync(azurite, time);
        await app.PublishAsync(Slug);

        var allowed = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            allowed.Add((await app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody), Slug)).Status);
        }
        var refused = await app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody), Slug);
        var otherClient = await app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody, clientAddress: "203.0.113.8"), Slug);
        time.Advance(TimeSpan.FromSeconds(45));
        var nextWindow = await app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody), Slug);

        Assert.All(allowed, status => Assert.Equal(201, status));
        Assert.Equal(429, refused.Status);
        Assert.Equal("45", refused.Headers.RetryAfter.ToString());
        Assert.Equal("urn:budapest-post:problem:rate-limited", refused.Json.GetProperty("type").GetString());
        Assert.Equal(201, otherClient.Status);
        Assert.Equal(201, nextWindow.Status);
        Assert.Equal(7, app.StoredReports().Count);
    }

    [Fact]
    public async Task PostFeedback_OverPerClientLimitAcrossArticles_Returns429()
    {
        var time = new FakeTimeProvider(FeedbackTestApp.Start);
        await using var app = await FeedbackTestApp.StartAsync(azurite, time, options => options.PerClientPermitLimit = 4);
        foreach (var slug in new[] { "one", "two", "three" })
        {
            await app.PublishAsync(slug);
        }

        var statuses = new List<int>();
        foreach (var slug in new[] { "one", "one", "two", "two", "three" })
        {
            statuses.Add((await app.SendAsync(FeedbackTestApp.Post(slug, FeedbackTestApp.ValidBody), slug)).Status);
        }
        time.Advance(TimeSpan.FromHours(1));
        var nextHour = await app.SendAsync(FeedbackTestApp.Post("three", FeedbackTestApp.ValidBody), "three");

        Assert.Equal([201, 201, 201, 201, 429], statuses);
        Assert.Equal(201, nextHour.Status);
    }

    [Fact]
    public async Task PostFeedback_IdempotentReplayOverLimit_StillReplays()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite, feedback: options => options.PerArticlePermitLimit = 1);
        await app.PublishAsync(Slug);

        var first = await app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody).WithHeader("Idempotency-Key", "k"), Slug);
        var replay = await app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody).WithHeader("Idempotency-Key", "k"), Slug);
        var fresh = await app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody), Slug);

        Assert.Equal((201, 201, 429), (first.Status, replay.Status, fresh.Status));
    }

    [Fact]
    public async Task PostFeedback_StorageDownWhenStoring_Returns503WithRetryAfterAndStoresNothing()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite, configure: services =>
            services.AddSingleton(provider => UnreachableStorage.FeedbackStore(provider, IsTransaction)));
        await app.PublishAsync(Slug);

        var response = await app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody), Slug);

        Assert.Equal(503, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal("urn:budapest-post:problem:service-unavailable", response.Json.GetProperty("type").GetString());
        Assert.Equal("30", response.Headers.RetryAfter.ToString());
        Assert.Empty(app.StoredReports());
    }

    [Fact]
    public async Task PostFeedback_StorageDownWhenCounting_Returns503WithRetryAfterAndStoresNothing()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite, configure: services =>
            services.AddSingleton(provider => UnreachableStorage.FeedbackStore(provider, IsCounterOverAllArticles)));
        await app.PublishAsync(Slug);

        var responses = await Task.WhenAll(
            app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody, clientAddress: "192.0.2.1"), Slug),
            app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody, clientAddress: "192.0.2.2"), Slug));

        Assert.All(responses, response =>
        {
            Assert.Equal(503, response.Status);
            Assert.Equal("30", response.Headers.RetryAfter.ToString());
        });
        Assert.Empty(app.StoredReports());
    }

    [Fact]
    public async Task PostFeedback_StorageDownEntirely_Returns503()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite, configure: services =>
            services.AddSingleton(UnreachableStorage.TableService()));

        var response = await app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody), Slug);

        Assert.Equal(503, response.Status);
        Assert.Equal("30", response.Headers.RetryAfter.ToString());
    }

    // The report's own transaction (the queue's comes after it), and any request on the counters over all articles.
    private static bool IsTransaction(HttpMessage message) => message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal);

    private static bool IsCounterOverAllArticles(HttpMessage message) =>
        Uri.UnescapeDataString(message.Request.Uri.ToString()).Contains(FeedbackTableKeys.ClientsPartition, StringComparison.Ordinal);

    /// <summary>A request body that never ends, counting what was read from it.</summary>
    private sealed class CountingStream(long totalBytes) : Stream
    {
        public long BytesRead { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, totalBytes - BytesRead);
            buffer.AsSpan(offset, n).Fill((byte)'a');
            BytesRead += n;
            return n;
        }
    }
}
