using BudapestPost.DevHost.Worker;

namespace BudapestPost.DevHost.Blobs;

/// <summary>One blob version to hand to one blob-trigger function.</summary>
public sealed record BlobWorkItem
{
    public BlobWorkItem(FunctionDescriptor function, string container, string blobName, string eTag)
    {
        Function = function;
        Container = container;
        BlobName = blobName;
        // Listings quote ETags and Event Grid does not; one spelling keeps receipts and de-duplication consistent.
        ETag = eTag.Trim('"');
    }

    public FunctionDescriptor Function { get; }
    public string Container { get; }
    public string BlobName { get; }
    public string ETag { get; }

    /// <summary>1 for the first try; a retry is queued as a copy with the next number.</summary>
    public int Attempt { get; init; } = 1;

    public string Key => $"{Function.Name}|{Container}/{BlobName}|{ETag}";
}
