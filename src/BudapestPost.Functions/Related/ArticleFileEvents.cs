using System.Text.Json;
using BudapestPost.Functions.Articles;
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
    private const string ValidationEvent = "Microsoft.EventGrid.SubscriptionValidationEvent";
    private const string SubjectPrefix = "/blobServices/default/containers/" + StorageOptions.ArticlesContainer + "/blobs/";

    /// <summary>The events in <paramref name="body"/>, or null when it is not an array of Event Grid events.</summary>
    public static ArticleFileEvents? Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }
            string? validationCode = null;
            var names = new List<string>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object
                    || !item.TryGetProperty("eventType", out var type) || type.ValueKind != JsonValueKind.String
                    || !item.TryGetProperty("subject", out var subject) || subject.ValueKind != JsonValueKind.String)
                {
                    return null;
                }
                if (type.GetString() == ValidationEvent
                    && item.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                    && data.TryGetProperty("validationCode", out var code) && code.ValueKind == JsonValueKind.String)
                {
                    validationCode = code.GetString();
                }
                else if (subject.GetString() is { } path && path.StartsWith(SubjectPrefix, StringComparison.Ordinal))
                {
                    names.Add(path[SubjectPrefix.Length..]);
                }
            }
            return new ArticleFileEvents(validationCode, names.Distinct(StringComparer.Ordinal).ToList());
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
