using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using BudapestPost.Testing;

namespace BudapestPost.EndToEndTests;

/// <summary>What the end-to-end tests of narration look at: an article's audio, the passes' progress, the poison queue.</summary>
public sealed class AudioApi(HttpClient client, AzuriteFixture storage, Func<IReadOnlyCollection<string>> hostOutput)
{
    public static readonly TimeSpan NarrationTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The article JSON's <c>audio</c>, or null while it has none (or the article is not served).</summary>
    public async Task<JsonElement?> AudioAsync(string slug)
    {
        var response = await client.GetAsync($"api/articles/{slug}");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }
        var article = await response.Content.ReadFromJsonAsync<JsonElement>();
        return article.TryGetProperty("audio", out var audio) ? audio : null;
    }

    public async Task<JsonElement> WaitForAudioAsync(string slug, Func<JsonElement, bool>? matches = null) =>
        (await Eventually.Until(() => AudioAsync(slug), audio => audio is { } found && (matches?.Invoke(found) ?? true), NarrationTimeout))!.Value;

    /// <summary>How many times the synthesizer ran for the article (the narrator logs each synthesis).</summary>
    public int Syntheses(string slug) => hostOutput().Count(line => line.Contains($"Synthesized {slug}:", StringComparison.Ordinal));

    /// <summary>
    /// Waits until the audio trigger has run for the file's upload number <paramref name="uploads"/> (its receipts)
    /// and no narration of it is pending: whatever that upload asks of the narrator is done.
    /// </summary>
    public async Task WaitUntilHandledAsync(string slug, int uploads)
    {
        var hosts = storage.BlobService.GetBlobContainerClient("azure-webjobs-hosts");
        var pending = storage.TableService.GetTableClient("PendingFiles");
        await Eventually.Until(async () =>
        {
            var receipts = await hosts.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = "blobreceipts/devhost/Host.Functions.RenderArticleAudio/" })
                .CountAsync(blob => blob.Name.EndsWith($"/articles/{slug}.md", StringComparison.Ordinal));
            var waiting = await pending.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"audio"} and RowKey eq {slug + ".md"}")).AnyAsync();
            return receipts >= uploads && !waiting;
        }, handled => handled, NarrationTimeout);
    }

    public async Task<int> PoisonMessagesAsync()
    {
        var queue = new QueueServiceClient(storage.ConnectionString).GetQueueClient("webjobs-blobtrigger-poison");
        return await queue.ExistsAsync() ? (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount : 0;
    }

    public async Task<TableEntity?> NarrationRowAsync(string slug)
    {
        var row = await storage.TableService.GetTableClient("Narrations").GetEntityIfExistsAsync<TableEntity>("article_" + slug, "narration");
        return row.HasValue ? row.Value : null;
    }

    public BlobContainerClient AudioContainer => storage.BlobService.GetBlobContainerClient("audio");
}
