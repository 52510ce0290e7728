using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using BudapestPost.DevHost.Hosting;

namespace BudapestPost.DevHost.Blobs;

/// <summary>Storage clients for a connection setting name, read from the app's settings as the worker reads them.</summary>
public sealed class StorageConnections(FunctionAppFolder app)
{
    public BlobServiceClient Blobs(string connection) => new(ConnectionString(connection));

    /// <summary>Queue clients encode messages as host.json <c>extensions.queues.messageEncoding</c> says (base64 by default).</summary>
    public QueueServiceClient Queues(string connection) =>
        new(ConnectionString(connection), new QueueClientOptions
        {
            MessageEncoding = app.Queues.Base64Encoding ? QueueMessageEncoding.Base64 : QueueMessageEncoding.None,
        });

    private string ConnectionString(string connection) =>
        app.GetSetting(connection) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"Setting '{connection}' is not set. The DevHost reaches storage with a connection string (e.g. UseDevelopmentStorage=true).");
}
