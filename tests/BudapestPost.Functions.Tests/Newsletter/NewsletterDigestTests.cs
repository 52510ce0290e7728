using BudapestPost.Core.Newsletter;
using BudapestPost.Functions.Newsletter;
using BudapestPost.Functions.Storage;
using BudapestPost.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Newsletter;

[Collection(NewsletterCollection.Name)]
public sealed class NewsletterDigestTests(AzuriteFixture azurite, MailDevFixture mail)
{
    // 09:00 UTC = 10:00 in Budapest; the schedule sends at 07:00 Budapest time (06:00 UTC in winter).
    private readonly FakeTimeProvider _time = new(NewsletterTestApp.Start);

    private static string NewAddress(string name) => $"{name}-{Guid.NewGuid():N}@example.hu";

    private async Task<Support.TestApp> StartWithFirstRunAsync()
    {
        var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);
        Assert.Null((await app.RunDigestAsync()).DigestId);
        return app;
    }

    [Fact]
    public async Task Digest_AtTheScheduledTime_SendsEachSubscriberTheArticlesOfTheirTopics()
    {
        await using var app = await StartWithFirstRunAsync();
        var (everything, europe, tech) = (NewAddress("all"), NewAddress("europe"), NewAddress("tech"));
        await app.SubscribeAsync(mail, everything);
        await app.SubscribeAsync(mail, europe, "europe");
        await app.SubscribeAsync(mail, tech, "tech");
        await app.PublishAsync("summit-in-brussels", _time.GetUtcNow().AddHours(1), "europe", "nato");
        await app.PublishAsync("new-chip-factory", _time.GetUtcNow().AddHours(2), "business", "tech");

        _time.Advance(TimeSpan.FromHours(21.5)); // 06:30 UTC next day = 07:30 in Budapest
        var (digestId, batches) = await app.RunDigestAsync();

        Assert.Equal("20261125T060000Z", digestId);
        Assert.Equal(3, batches.Sum(b => b.Sent));
        var all = (await mail.WaitForMailToAsync(everything, 2))[^1];
        Assert.Contains("Title of summit-in-brussels", all.Text);
        Assert.Contains("Title of new-chip-factory", all.Html);
        Assert.Contains(NewsletterTestApp.SiteUrl + "articles/new-chip-factory", all.Text);
        Assert.Equal("List-Unsubscribe=One-Click", all.Message.Headers["List-Unsubscribe-Post"]);
        var europeOnly = (await mail.WaitForMailToAsync(europe, 2))[^1];
        Assert.Contains("Lead of summit-in-brussels", europeOnly.Text);
        Assert.DoesNotContain("new-chip-factory", europeOnly.Text);
        var techOnly = (await mail.WaitForMailToAsync(tech, 2))[^1];
        Assert.Contains("new-chip-factory", techOnly.Text);
        Assert.DoesNotContain("summit-in-brussels", techOnly.Text);
    }

    [Fact]
    public async Task Digest_BeforeTheScheduledTime_IsNotDue()
    {
        await using var app = await StartWithFirstRunAsync();
        await app.PublishAsync("early-news", _time.GetUtcNow().AddHours(1), "europe");

        _time.Advance(TimeSpan.FromHours(20)); // 05:00 UTC = 06:00 in Budapest

        Assert.Null((await app.RunDigestAsync()).DigestId);
    }

    [Fact]
    public async Task Digest_WithoutNewArticles_SendsNothingAndQueuesNothing()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);
        var reader = NewAddress("reader");
        await app.SubscribeAsync(mail, reader);
        await app.PublishAsync("old-news", _time.GetUtcNow().AddHours(-1), "europe");
        Assert.Null((await app.RunDigestAsync()).DigestId);

        _time.Advance(TimeSpan.FromDays(1));
        var (digestId, batches) = await app.RunDigestAsync();

        Assert.NotNull(digestId);
        Assert.Empty(batches);
        Assert.Single(await mail.MailToAsync(reader));
    }

    [Fact]
    public async Task Digest_BackdatedUpload_GoesIntoTheNextDigest()
    {
        await using var app = await StartWithFirstRunAsync();
        var reader = NewAddress("reader");
        await app.SubscribeAsync(mail, reader);
        _time.Advance(TimeSpan.FromDays(1));
        await app.RunDigestAsync();
        await app.PublishAsync("archive-piece", _time.GetUtcNow().AddDays(-3), "europe");

        _time.Advance(TimeSpan.FromDays(1));
        await app.RunDigestAsync();

        var digest = (await mail.WaitForMailToAsync(reader, 2))[^1];
        Assert.Contains("archive-piece", digest.Text);
    }

    [Fact]
    public async Task Digest_NextDay_ListsOnlyWhatWasPublishedSinceTheLastOne()
    {
        await using var app = await StartWithFirstRunAsync();
        var reader = NewAddress("reader");
        await app.SubscribeAsync(mail, reader);
        await app.PublishAsync("monday-story", _time.GetUtcNow().AddHours(1), "europe");
        _time.Advance(TimeSpan.FromDays(1));
        await app.RunDigestAsync();
        await app.PublishAsync("tuesday-story", _time.GetUtcNow().AddHours(1), "europe");

        _time.Advance(TimeSpan.FromDays(1));
        await app.RunDigestAsync();

        var second = (await mail.WaitForMailToAsync(reader, 3))[^1];
        Assert.Contains("tuesday-story", second.Text);
        Assert.DoesNotContain("monday-story", second.Text);
    }

    [Fact]
    public async Task Digest_RetriedBatches_SendNothingTwice()
    {
        await using var app = await StartWithFirstRunAsync();
        var readers = Enumerable.Range(0, 7).Select(i => NewAddress("r" + i)).ToList();
        foreach (var reader in readers)
        {
            await app.SubscribeAsync(mail, reader);
        }
        await app.PublishAsync("only-story", _time.GetUtcNow().AddHours(1), "world");
        _time.Advance(TimeSpan.FromDays(1));
        var digestId = await app.Get<DigestPlanner>().RunAsync(default);
        var queue = NewsletterTestApp.QueueOf(app);
        var messages = (await queue.PeekMessagesAsync(32)).Value;

        var first = await app.SendQueuedBatchesAsync();
        foreach (var message in messages)
        {
            // The host redelivers a message whose invocation failed after sending.
            await queue.SendMessageAsync(message.MessageText);
        }
        var retried = await app.SendQueuedBatchesAsync();

        Assert.Equal(3, messages.Length); // 7 subscribers in batches of 3
        Assert.Equal(7, first.Sum(b => b.Sent));
        Assert.Equal(0, retried.Sum(b => b.Sent));
        Assert.Equal(7, retried.Sum(b => b.AlreadyClaimed));
        foreach (var reader in readers)
        {
            Assert.Equal(2, (await mail.MailToAsync(reader)).Count); // confirmation + one digest
            var delivery = await app.Get<DeliveryLog>().FindAsync(digestId!, await app.SubscriberKeyAsync(reader), default);
            Assert.Equal(DeliveryLog.Sent, delivery!.State);
        }
    }

    [Fact]
    public async Task Digest_ReplannedAfterACrash_ReusesTheSameWindowAndSendsNothingTwice()
    {
        await using var app = await StartWithFirstRunAsync();
        var reader = NewAddress("reader");
        await app.SubscribeAsync(mail, reader);
        await app.PublishAsync("story", _time.GetUtcNow().AddHours(1), "world");
        _time.Advance(TimeSpan.FromDays(1));
        var (digestId, _) = await app.RunDigestAsync();

        // As if the timer had crashed before recording its progress: the next tick plans the same digest.
        var state = app.Table(names => names.NewsletterTable);
        var row = (await state.GetEntityAsync<Azure.Data.Tables.TableEntity>(NewsletterKeys.StatePartition, NewsletterKeys.DigestStateRow)).Value;
        row["LastOccurrence"] = NewsletterTestApp.Start;
        row["Cursor"] = 0L;
        await state.UpdateEntityAsync(row, Azure.ETag.All);
        var (again, batches) = await app.RunDigestAsync();

        Assert.Equal(digestId, again);
        Assert.Equal(0, batches.Sum(b => b.Sent));
        Assert.Equal(2, (await mail.MailToAsync(reader)).Count);
    }

    [Fact]
    public async Task Digest_UnsubscribedReader_GetsNoDigest()
    {
        await using var app = await StartWithFirstRunAsync();
        var (stays, leaves) = (NewAddress("stays"), NewAddress("leaves"));
        await app.SubscribeAsync(mail, stays);
        await app.SubscribeAsync(mail, leaves);
        var header = (await mail.MailToAsync(leaves))[0].Message.Headers["List-Unsubscribe"]!.Trim('<', '>');
        await app.UnsubscribeAsync(NewsletterTestApp.TokenOf(header));
        await app.PublishAsync("story", _time.GetUtcNow().AddHours(1), "world");

        _time.Advance(TimeSpan.FromDays(1));
        await app.RunDigestAsync();

        Assert.Equal(2, (await mail.WaitForMailToAsync(stays, 2)).Count);
        Assert.Single(await mail.MailToAsync(leaves));
    }

    [Fact]
    public async Task Digest_SmtpServerUnreachable_ReleasesTheClaimsSoTheRetrySendsEveryoneOnce()
    {
        var (table, container) = ("Newsletter" + Guid.NewGuid().ToString("N")[..12], "newsletter-" + Guid.NewGuid().ToString("N")[..12]);
        void SameStorage(StorageOptions options) => (options.NewsletterTable, options.NewsletterContainer) = (table, container);
        var readers = new[] { NewAddress("a"), NewAddress("b") };
        string? digestId;
        await using (var app = await NewsletterTestApp.StartAsync(azurite, mail, _time, storage: SameStorage))
        {
            await app.RunDigestAsync();
            foreach (var reader in readers)
            {
                await app.SubscribeAsync(mail, reader);
            }
        }
        _time.Advance(TimeSpan.FromDays(1));
        await using (var down = await NewsletterTestApp.StartAsync(azurite, mail, _time, smtpPort: LoopbackPort.Free(), freshQueue: false, storage: SameStorage))
        {
            await down.PublishAsync("story", _time.GetUtcNow(), "world");
            _time.Advance(TimeSpan.FromMinutes(2)); // past the settle time
            digestId = await down.Get<DigestPlanner>().RunAsync(default);
            var message = (await NewsletterTestApp.QueueOf(down).PeekMessagesAsync()).Value.Single();
            var batch = System.Text.Json.JsonSerializer.Deserialize<DigestBatch>(message.MessageText, System.Text.Json.JsonSerializerOptions.Web)!;

            await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => down.Get<DigestSender>().SendAsync(batch, default));

            foreach (var reader in readers)
            {
                Assert.Null(await down.Get<DeliveryLog>().FindAsync(digestId!, await down.SubscriberKeyAsync(reader), default));
            }
        }
        await using (var up = await NewsletterTestApp.StartAsync(azurite, mail, _time, freshQueue: false, storage: SameStorage))
        {
            var retried = await up.SendQueuedBatchesAsync();

            Assert.Equal(2, retried.Sum(b => b.Sent));
            foreach (var reader in readers)
            {
                Assert.Equal(2, (await mail.WaitForMailToAsync(reader, 2)).Count);
            }
        }
    }

    [Fact]
    public async Task Digest_ArticlePublishedMomentsBeforeIt_GoesIntoTheNextDigestNotBetweenTwo()
    {
        await using var app = await StartWithFirstRunAsync();
        var reader = NewAddress("reader");
        await app.SubscribeAsync(mail, reader);
        _time.Advance(TimeSpan.FromHours(20.5));
        await app.PublishAsync("settled", _time.GetUtcNow(), "world");
        _time.Advance(TimeSpan.FromMinutes(30)); // 06:00 UTC = 07:00 in Budapest: the digest is due
        await app.PublishAsync("just-published", _time.GetUtcNow(), "world");

        await app.RunDigestAsync();
        _time.Advance(TimeSpan.FromDays(1));
        await app.RunDigestAsync();

        var digests = (await mail.WaitForMailToAsync(reader, 3)).Skip(1).ToList();
        Assert.Contains("settled", digests[0].Text);
        Assert.DoesNotContain("just-published", digests[0].Text);
        Assert.Contains("just-published", digests[1].Text);
        Assert.DoesNotContain("settled", digests[1].Text);
    }

    [Fact]
    public async Task Digest_ArticleWhoseCommitIsSlow_GoesIntoTheNextDigestInsteadOfNone()
    {
        await using var app = await StartWithFirstRunAsync();
        var reader = NewAddress("reader");
        await app.SubscribeAsync(mail, reader);
        _time.Advance(TimeSpan.FromHours(20.75));
        await app.PublishAsync("settled", _time.GetUtcNow(), "world");
        await app.PublishAsync("slow-commit", _time.GetUtcNow(), "world");
        var committed = await UncommitAsync(app, "slow-commit"); // its change is in the feed, its row not yet written
        _time.Advance(TimeSpan.FromMinutes(15)); // the digest is due, and the change is older than the settle time

        await app.RunDigestAsync();
        await app.Table(names => names.ArticlesTable).AddEntityAsync(committed); // the commit lands
        _time.Advance(TimeSpan.FromDays(1));
        await app.RunDigestAsync();

        var digests = (await mail.WaitForMailToAsync(reader, 3)).Skip(1).ToList();
        Assert.Contains("settled", digests[0].Text);
        Assert.DoesNotContain("slow-commit", digests[0].Text);
        Assert.Contains("slow-commit", digests[1].Text);
        Assert.DoesNotContain("settled", digests[1].Text);
    }

    [Fact]
    public async Task Digest_ChangeWhosePublishNeverCommitted_IsPassedOverOnceItIsOlderThanAnyPublish()
    {
        await using var app = await StartWithFirstRunAsync();
        var reader = NewAddress("reader");
        await app.SubscribeAsync(mail, reader);
        _time.Advance(TimeSpan.FromHours(20.5));
        await app.PublishAsync("failed-for-good", _time.GetUtcNow(), "world");
        await UncommitAsync(app, "failed-for-good");
        await app.PublishAsync("after-it", _time.GetUtcNow(), "world");
        _time.Advance(DigestPlanner.CommitWaitLimit); // 06:00 UTC: due, and the failed change is past waiting for

        var (digestId, _) = await app.RunDigestAsync();

        Assert.NotNull(digestId);
        var digest = (await mail.WaitForMailToAsync(reader, 2))[^1];
        Assert.Contains("after-it", digest.Text);
        Assert.DoesNotContain("failed-for-good", digest.Text);
    }

    // Deletes the article row a publish committed, as if the commit had not happened yet; returns the row.
    private static async Task<Azure.Data.Tables.TableEntity> UncommitAsync(Support.TestApp app, string slug)
    {
        var table = app.Table(names => names.ArticlesTable);
        var row = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(
            BudapestPost.Functions.Articles.CatalogKeys.ArticlePartition(slug), BudapestPost.Functions.Articles.CatalogKeys.ArticleRowKey(slug))).Value;
        await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, Azure.ETag.All);
        row.Remove("odata.etag");
        row.Remove("Timestamp");
        return row;
    }
}
