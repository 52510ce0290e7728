using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Validation;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Logging;

namespace BudapestPost.Functions.Articles;

/// <summary>
/// The <c>articles</c> container, the source of truth: one file <c>{slug}.md</c> per article. The
/// only class that writes or reads it: the PUT API uploads here, and both blob triggers download
/// through <see cref="DownloadAsync"/>, which never holds more than the size limit in memory.
/// </summary>
public sealed class ArticleFiles(BlobServiceClient blobs, ILogger<ArticleFiles> logger)
{
    /// <summary>The blob trigger path of every function that reacts to uploaded article files.</summary>
    public const string TriggerPath = StorageOptions.ArticlesContainer + "/{name}";

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(StorageOptions.ArticlesContainer);

    public static string BlobName(string slug) => slug + ".md";

    /// <summary>The slug an article file name gives, or null when the name is not one of an article file.</summary>
    public static string? SlugOf(string blobName)
    {
        var slug = blobName.EndsWith(".md", StringComparison.Ordinal) ? blobName[..^3] : "";
        return Slug.IsValid(slug) ? slug : null;
    }

    /// <summary>Stores a validated article file; the blob triggers publish it from there.</summary>
    public Task UploadAsync(string slug, byte[] content, CancellationToken cancellationToken) =>
        UploadAsync(slug, content, conditions: null, cancellationToken);

    /// <summary>
    /// Stores a changed version of a file read earlier, only if it is still the version with
    /// <paramref name="eTag"/>; false, with nothing written, when it changed meanwhile.
    /// </summary>
    public async Task<bool> TryReplaceAsync(string slug, byte[] content, string eTag, CancellationToken cancellationToken)
    {
        try
        {
            await UploadAsync(slug, content, new BlobRequestConditions { IfMatch = new ETag(eTag) }, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 412)
        {
            return false;
        }
    }

    private async Task UploadAsync(string slug, byte[] content, BlobRequestConditions? conditions, CancellationToken cancellationToken)
    {
        await _container.GetBlobClient(BlobName(slug)).UploadAsync(
            new BinaryData(content),
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "text/markdown; charset=utf-8" },
                Conditions = conditions,
            },
            cancellationToken);
        logger.LogInformation("Stored {Slug} ({Bytes} bytes) for publishing", slug, content.Length);
    }

    /// <summary>
    /// The file's content and version, or null when there is no such file (deleted meanwhile). A
    /// file over <see cref="ArticleFileLimits.MaxFileBytes"/> is not read at all: its size says
    /// enough.
    /// </summary>
    public async Task<ArticleFile?> DownloadAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            using var download = (await _container.GetBlobClient(blobName).DownloadStreamingAsync(cancellationToken: cancellationToken)).Value;
            var version = new SourceVersion(download.Details.ETag.ToString(), download.Details.LastModified);
            var content = download.Details.ContentLength > ArticleFileLimits.MaxFileBytes
                ? null
                : await RequestBody.ReadBoundedAsync(download.Content, ArticleFileLimits.MaxFileBytes, cancellationToken);
            return new ArticleFile(blobName, content, version);
        }
        catch (RequestFailedException exception) when (exception.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return null;
        }
    }

    /// <summary>Whether the file exists now (it may have been uploaded again since an event about its deletion).</summary>
    public async Task<bool> ExistsAsync(string blobName, CancellationToken cancellationToken) =>
        (await _container.GetBlobClient(blobName).ExistsAsync(cancellationToken)).Value;

    /// <summary>The names of all files, for a rebuild that reads every article.</summary>
    public IAsyncEnumerable<string> ListNamesAsync(CancellationToken cancellationToken) =>
        _container.GetBlobsAsync(cancellationToken: cancellationToken).Select(item => item.Name);
}

/// <summary>One downloaded article file; <see cref="Content"/> is null when the file is over the size limit.</summary>
public sealed record ArticleFile(string Name, byte[]? Content, SourceVersion Version)
{
    public ParseResult<Article> Parse() =>
        Content is null ? ArticleParser.TooLarge(Name) : ArticleParser.Parse(Name, Content);
}

/// <summary>Which version of a source blob was read: newer versions win over older ones.</summary>
public sealed record SourceVersion(string ETag, DateTimeOffset LastModified);
