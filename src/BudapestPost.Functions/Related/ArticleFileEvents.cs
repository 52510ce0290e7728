using System.Text.Json;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Audio;
using BudapestPost.Functions.Search;
using BudapestPost.Functions.Storage;

namespace BudapestPost.Functions.Related;

/// <summary>
/// Event Grid events (Event Grid schema) about the <c>articles</c> container, as a webhook
/// subscription delivers them: blob trigger functions never see deletions, so BlobDeleted comes
/// this way. Only the blob names matter: the indexer reads each file's current state itself.
/// </summary>
/// <param name="ValidationCode">The code of a subscription validation handshake, to echo back.</param>
/// <param name="BlobNames">Article files the events are about.</param>
public sealed record ArticleFileEvents(string? ValidationCode, IReadOnlyList<string> BlobNames)
{
    public const int MaxBodyBytes = 1024 * 1024;
    private const string SubjectPrefix = "/blobServices/default/containers/" + StorageOptions.ArticlesContainer + "/blobs/";

    /// <summary>The events in <paramref name="body"/>, or null when it is not Event Grid events.</summary>
    public static ArticleFileEvents? Parse(byte[] body)
    {
        EventGridEvent[] events;
        try
        {
            events = EventGridEvent.ParseMany(BinaryData.FromBytes(body));
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            return null;
        }
        string? validationCode = null;
        var names = new List<string>();
        foreach (var item in events)
        {
            if (item.TryGetSystemEventData(out var data) && data is SubscriptionValidationEventData validation)
            {
                validationCode = validation.ValidationCode;
            }
            else if (item.Subject.StartsWith(SubjectPrefix, StringComparison.Ordinal))
            {
                names.Add(item.Subject[SubjectPrefix.Length..]);
            }
        }
        return new ArticleFileEvents(validationCode, names.Distinct(StringComparer.Ordinal).ToList());
    }
}

/// <summary>
/// What follows the events about article files (deletions in particular, which no blob trigger
/// sees): the catalog withdraws the article of a file that is gone, and the related and search
/// indexes and the narrations take each file's current state. Every step is idempotent, so a redelivered event does no harm.
/// </summary>
public sealed class DeletedArticleFiles(ArticlePublisher publisher, RelatedIndexer indexer, SearchIndexer search, ArticleNarrator narrator)
{
    public async Task ApplyAsync(IReadOnlyList<string> blobNames, CancellationToken cancellationToken)
    {
        await Task.WhenAll(blobNames.Select(name => publisher.WithdrawAsync(name, cancellationToken)));
        await Task.WhenAll(
            Task.WhenAll(blobNames.Select(name => indexer.ApplyAsync(name, cancellationToken))),
            search.ApplyAsync(blobNames, cancellationToken),
            Task.WhenAll(blobNames.Select(name => narrator.SubmitAsync(name, cancellationToken))));
    }
}
