using System.Text;
using System.Text.Json;
using BudapestPost.DevHost.Blobs;
using BudapestPost.DevHost.Hosting;
using BudapestPost.DevHost.Rpc;
using BudapestPost.DevHost.Worker;

namespace BudapestPost.DevHost.Queues;

/// <summary>
/// Enqueues what a function returned for its queue output bindings, as the host does after a successful invocation:
/// the named output (or the return value for <c>$return</c>) becomes one message, or one per item of an array.
/// </summary>
public sealed class QueueOutputWriter(StorageConnections storage, FunctionAppFolder app)
{
    public async Task WriteAsync(FunctionDescriptor function, InvocationResponse response, CancellationToken cancellationToken)
    {
        foreach (var output in function.QueueOutputs)
        {
            var value = output.Name == "$return"
                ? response.ReturnValue
                : response.OutputData.FirstOrDefault(data => data.Name == output.Name)?.Data;
            var messages = Messages(value);
            if (messages.Count == 0)
            {
                continue;
            }
            var queue = storage.Queues(output.Connection).GetQueueClient(app.ResolveSettings(output.QueueName));
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            foreach (var message in messages)
            {
                await queue.SendMessageAsync(message, cancellationToken: cancellationToken);
            }
        }
    }

    /// <summary>The messages an output value stands for; nothing for an unset output (a null return enqueues nothing).</summary>
    internal static IReadOnlyList<BinaryData> Messages(TypedData? value) => value?.DataCase switch
    {
        TypedData.DataOneofCase.String => [BinaryData.FromString(value.String)],
        TypedData.DataOneofCase.Bytes => [BinaryData.FromBytes(value.Bytes.ToByteArray())],
        TypedData.DataOneofCase.Json => JsonMessages(value.Json),
        TypedData.DataOneofCase.CollectionString => value.CollectionString.String.Select(BinaryData.FromString).ToList(),
        TypedData.DataOneofCase.CollectionBytes => value.CollectionBytes.Bytes.Select(bytes => BinaryData.FromBytes(bytes.ToByteArray())).ToList(),
        _ => [],
    };

    private static IReadOnlyList<BinaryData> JsonMessages(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return root.ValueKind switch
        {
            JsonValueKind.Null => [],
            JsonValueKind.Array => root.EnumerateArray().Select(Message).ToList(),
            _ => [Message(root)],
        };
    }

    // A JSON string is enqueued as its text (no quotes); anything else as its JSON.
    private static BinaryData Message(JsonElement element) =>
        BinaryData.FromBytes(Encoding.UTF8.GetBytes(element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText()));
}
