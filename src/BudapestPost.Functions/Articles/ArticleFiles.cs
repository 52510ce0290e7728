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
public sealed class ArticleFiles(BlobServiceClient blobs, TimeProvider time, ILogger<ArticleFiles> logger)
{
    /// <summary>The blob trigger path of every function that reacts to uploaded article files.</summary>
    public const string TriggerPath = StorageOptions.ArticlesContainer + "/{name}";

    // Downloads overlap: a pass or a rebuild reads many files, and one at a time it would wait on each round trip.
    private const int ParallelReads = 8;

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
        catch (RequestFailedException exception) when (ConditionalWrite.LostRace(exception))
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

    /// <summary>
    /// What each file says now, in the order of <paramref name="blobNames"/>: an article, gone (deleted), a
    /// version waiting for its time, or nothing an index can use (not an article file name, or not a valid article).
    /// </summary>
    public async Task<ArticleFileState[]> ReadStatesAsync(IReadOnlyList<string> blobNames, CancellationToken cancellationToken)
    {
        var states = new ArticleFileState[blobNames.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, blobNames.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (i, ct) => states[i] = await ReadStateAsync(blobNames[i], ct));
        return states;
    }

    /// <summary>What one file says now (see <see cref="ReadStatesAsync"/>).</summary>
    public async Task<ArticleFileState> ReadStateAsync(string blobName, CancellationToken cancellationToken)
    {
        // A name no article file can have (an event may carry any, even one storage refuses) is never read.
        if (SlugOf(blobName) is not { } slug)
        {
            return new ArticleFileState.Invalid(blobName);
        }
        if (await DownloadAsync(blobName, cancellationToken) is not { } file)
        {
            return new ArticleFileState.Gone(blobName, slug);
        }
        var parsed = file.Parse();
        if (!parsed.IsValid)
        {
            return new ArticleFileState.Invalid(blobName);
        }
        return ArticleSchedule.WaitsUntil(parsed.Value, file.Version, time.GetUtcNow()) is { } at
            ? new ArticleFileState.Scheduled(blobName, at)
            : new ArticleFileState.Valid(blobName, parsed.Value);
    }

    /// <summary>Whether the file exists now (it may have been uploaded again since an event about its deletion).</summary>
    public async Task<bool> ExistsAsync(string blobName, CancellationToken cancellationToken) =>
        (await _container.GetBlobClient(blobName).ExistsAsync(cancellationToken)).Value;

    /// <summary>Every valid article in the container whose time has come, by slug: for a rebuild that reads every article.</summary>
    public async Task<List<Article>> ReadAllArticlesAsync(CancellationToken cancellationToken)
    {
        var names = await _container.GetBlobsAsync(cancellationToken: cancellationToken).Select(item => item.Name).ToListAsync(cancellationToken);
        return (await ReadStatesAsync(names, cancellationToken)).OfType<ArticleFileState.Valid>()
            .Select(valid => valid.Article).OrderBy(article => article.Slug, StringComparer.Ordinal).ToList();
    }
}

/// <summary>One downloaded article file; <see cref="Content"/> is null when the file is over the size limit.</summary>
public sealed record ArticleFile(string Name, byte[]? Content, SourceVersion Version)
{
    public ParseResult<Article> Parse() =>
        Content is null ? ArticleParser.TooLarge(Name) : ArticleParser.Parse(Name, Content);
}

/// <summary>What an article file says to the indexes that are built from the files.</summary>
public abstract record ArticleFileState(string BlobName)
{
    public sealed record Valid(string BlobName, Article Article) : ArticleFileState(BlobName);

    /// <summary>Deleted: the article leaves the index.</summary>
    public sealed record Gone(string BlobName, string Slug) : ArticleFileState(BlobName);

    /// <summary>
    /// A version dated ahead: the index stays as it was, as the catalog keeps what is live, until its time,
    /// when the schedule submits the file again.
    /// </summary>
    public sealed record Scheduled(string BlobName, DateTimeOffset At) : ArticleFileState(BlobName);

    /// <summary>Not an article file name, or not a valid article: the index stays as it was.</summary>
    public sealed record Invalid(string BlobName) : ArticleFileState(BlobName);
}

/// <summary>Which version of a source blob was read: newer versions win over older ones.</summary>
public sealed record SourceVersion(string ETag, DateTimeOffset LastModified);
