using Azure.Core;
using Azure.Core.Pipeline;

namespace BudapestPost.Functions.Storage;

/// <summary>
/// Counts the requests the blob and table clients send to storage, retries included: what a read served
/// from memory should not cost, and what a storage account's request targets and bill are counted in.
/// </summary>
public sealed class StorageRequestCounter : HttpPipelinePolicy
{
    private long _count;

    /// <summary>Requests sent since the app started.</summary>
    public long Count => Interlocked.Read(ref _count);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Interlocked.Increment(ref _count);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Interlocked.Increment(ref _count);
        return ProcessNextAsync(message, pipeline);
    }
}
