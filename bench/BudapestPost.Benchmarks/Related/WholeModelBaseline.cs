using System.IO.Compression;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Related;
using BudapestPost.Functions.Related;
using BudapestPost.Functions.Storage;

namespace BudapestPost.Benchmarks.Related;

/// <summary>
/// The previous design of one publish, for comparison: under the lease, download the whole model
/// when another instance moved its ETag, apply the article, write the lists, upload the whole
/// model again.
/// </summary>
internal sealed class WholeModelBaseline(BlobContainerClient indexes, BlobContainerClient sources, RelatedListWriter lists, RelatedOptions options)
{
    public const string ModelBlobName = "baseline/related.bin.gz";
    private RelatedIndex? _cached;
    private ETag _cachedETag;

    public static async Task SeedAsync(BlobContainerClient indexes, RelatedIndex index) =>
        await indexes.GetBlobClient(ModelBlobName).UploadAsync(Zip(index), overwrite: true);

    public async Task PublishAsync(string blobName)
    {
        await using var _ = await BlobLeaseLock.AcquireAsync(indexes.GetBlobClient("baseline/.lock"), default);
        var blob = indexes.GetBlobClient(ModelBlobName);
        var properties = (await blob.GetPropertiesAsync()).Value;
        if (_cached is null || properties.ETag != _cachedETag)
        {
            var download = await blob.DownloadStreamingAsync();
            await using var unzipped = new GZipStream(download.Value.Content, CompressionMode.Decompress);
            using var buffer = new MemoryStream();
            await unzipped.CopyToAsync(buffer);
            buffer.Position = 0;
            _cached = RelatedIndexSerializer.Read(buffer, options);
        }
        var file = (await sources.GetBlobClient(blobName).DownloadContentAsync()).Value;
        var changes = _cached.Upsert(ArticleParser.Parse(blobName, file.Content.ToMemory().Span).Value!);
        await lists.WriteAsync(_cached, changes, default);
        var response = await blob.UploadAsync(
            Zip(_cached), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } });
        _cachedETag = response.Value.ETag;
    }

    private static MemoryStream Zip(RelatedIndex index)
    {
        var buffer = new MemoryStream();
        using (var zipped = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            RelatedIndexSerializer.Write(index, zipped);
        }
        buffer.Position = 0;
        return buffer;
    }
}
