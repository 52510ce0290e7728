using System.Diagnostics;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Audio;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Storage;
using BudapestPost.Functions.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Audio;

/// <summary>Keeps each published article's narration in step with its spoken text.</summary>
/// <remarks>
/// <para>As for the related and search indexes, the blob trigger records its file as pending
/// (<see cref="PendingFiles"/>, partition <c>audio</c>) and leaves it to the pass holding the lease on the audio
/// container's <c>.lock</c> (<see cref="PendingFilePasses"/>), which reads each file as it is now: so the newest
/// upload is what is narrated, whatever order events come in, and no two instances synthesize one text. A publish
/// never waits for any of it: the publishing trigger is another function.</para>
/// <para>A published article whose narration key (voice and spoken text) is the one narrated already costs
/// nothing; a stored file of that key (a crash after its upload) is taken as it is; otherwise the text is
/// synthesized once. A draft, a retraction or a deleted file takes the narration down; a version dated ahead changes
/// nothing until its time, when the schedule submits the file again. A synthesis that fails is
/// recorded with its reason and tried again by the timer, after a wait that doubles up to an hour; the file's
/// pending record goes, so a failing synthesizer costs one attempt per wait, never a loop.</para>
/// </remarks>
public sealed class ArticleNarrator(
    NarrationStore store,
    ArticleFiles files,
    PendingFiles pending,
    ISpeechSynthesizer synthesizer,
    ReadThroughCache cache,
    IOptions<AudioOptions> options,
    TimeProvider time,
    ILogger<ArticleNarrator> logger)
{
    /// <summary>The partition of <see cref="PendingFiles"/> that holds files changed but not yet narrated.</summary>
    public const string PendingKind = "audio";

    // A pass narrates a few files side by side and lets go, so new uploads are looked at between passes.
    private const int MaxFilesPerPass = 16;
    private const int ParallelSyntheses = 4;

    private PendingFilePasses? _passes;

    private PendingFilePasses Passes =>
        LazyInitializer.EnsureInitialized(ref _passes, () => new PendingFilePasses(pending, PendingKind, TryNarrateAsync, MaxFilesPerPass, TimeSpan.Zero));

    /// <summary>Records that <paramref name="blobName"/> changed, then narrates what is pending unless another pass already is.</summary>
    public Task SubmitAsync(string blobName, CancellationToken cancellationToken) =>
        !options.Value.Enabled || ArticleFiles.SlugOf(blobName) is null ? Task.CompletedTask : Passes.SubmitAsync(blobName, cancellationToken);

    /// <summary>Narrates what a pass left pending, and the failed narrations whose wait is over.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        foreach (var blobName in await store.ListDueRetriesAsync(time.GetUtcNow(), cancellationToken))
        {
            await pending.AddAsync(PendingKind, blobName, cancellationToken);
        }
        await Passes.DrainAsync(cancellationToken);
    }

    /// <summary>Records every article file as pending, so the timer's passes narrate whatever is missing or out of date.</summary>
    public async Task<int> SubmitAllAsync(CancellationToken cancellationToken)
    {
        var articles = await files.ReadAllArticlesAsync(cancellationToken);
        await Parallel.ForEachAsync(articles, cancellationToken, async (article, ct) =>
            await pending.AddAsync(PendingKind, ArticleFiles.BlobName(article.Slug), ct));
        return articles.Count;
    }

    private async Task<bool> TryNarrateAsync(IReadOnlyList<string> blobNames, CancellationToken cancellationToken)
    {
        await using var lease = await BlobLeaseLock.TryAcquireAsync(store.LockBlob, cancellationToken);
        if (lease is null)
        {
            return false;
        }
        await NarrateAsync(blobNames, cancellationToken);
        return true;
    }

    private async Task NarrateAsync(IReadOnlyList<string> blobNames, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(blobNames, new ParallelOptions { MaxDegreeOfParallelism = ParallelSyntheses, CancellationToken = cancellationToken },
            async (blobName, ct) =>
            {
                switch (await files.ReadStateAsync(blobName, ct))
                {
                    case ArticleFileState.Valid { Article.Status: ArticleStatus.Published } valid:
                        await NarrateAsync(blobName, valid.Article, ct);
                        break;
                    case ArticleFileState.Valid valid:
                        await TakeDownAsync(valid.Article.Slug, ct);
                        break;
                    case ArticleFileState.Gone gone:
                        await TakeDownAsync(gone.Slug, ct);
                        break;
                    case ArticleFileState.Scheduled scheduled:
                        logger.LogInformation("{BlobName} waits until {At:u}; its narration is unchanged until then", blobName, scheduled.At);
                        break;
                    default:
                        logger.LogInformation("{BlobName} is not a valid article file; its narration is unchanged", blobName);
                        break;
                }
            });

    private async Task NarrateAsync(string blobName, Article article, CancellationToken cancellationToken)
    {
        var spoken = SpokenText.Of(article);
        var key = Narration.KeyOf(synthesizer.Voice, spoken);
        var current = await store.FindAsync(article.Slug, cancellationToken);
        if (current?.Key == key && current.Published == article.Published)
        {
            return;
        }
        try
        {
            var narration = await store.FindStoredAsync(article.Slug, key, cancellationToken)
                ?? await SynthesizeAsync(article.Slug, key, spoken, cancellationToken);
            await store.SaveAsync(article, narration, current, cancellationToken);
            cache.Forget(ArticleAudioReader.CacheKey(article.Slug));
            logger.LogInformation("Narrated {Slug}: {Seconds} s, {Bytes} bytes in {Voice}", article.Slug, narration.DurationSeconds, narration.Bytes, narration.Voice);
        }
        catch (SpeechSynthesisException exception)
        {
            await store.RecordFailureAsync(article.Slug, blobName, key, exception.Message, current, time.GetUtcNow(), options.Value.RetryDelay, cancellationToken);
            cache.Forget(ArticleAudioReader.CacheKey(article.Slug));
            logger.LogWarning("Narration of {Slug} failed and will be tried again: {Reason}", article.Slug, exception.Message);
        }
    }

    private async Task<Narration> SynthesizeAsync(string slug, string key, SpokenText spoken, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var mp3 = await synthesizer.SynthesizeAsync(spoken.Text, cancellationToken);
        var info = Mp3Stream.Read(mp3) ?? throw new SpeechSynthesisException($"The synthesizer returned {mp3.Length} bytes that are not an MP3 stream.");
        AppTelemetry.NarrationSynthesized(spoken.Text.Length, info.Duration);
        logger.LogInformation("Synthesized {Slug}: {Characters} characters, {Seconds} s of audio in {ElapsedMs} ms",
            slug, spoken.Text.Length, info.Duration.TotalSeconds, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return await store.UploadAsync(slug, key, synthesizer.Voice, spoken.Text.Length, mp3, info, cancellationToken);
    }

    private async Task TakeDownAsync(string slug, CancellationToken cancellationToken)
    {
        var current = await store.FindAsync(slug, cancellationToken);
        if (current is null)
        {
            return;
        }
        await store.RemoveAsync(slug, current, cancellationToken);
        cache.Forget(ArticleAudioReader.CacheKey(slug));
        logger.LogInformation("Narration of {Slug} taken down", slug);
    }
}

/// <summary>Reads text aloud into MP3. Chosen by <see cref="AudioOptions.Synthesizer"/>.</summary>
public interface ISpeechSynthesizer
{
    /// <summary>The voice every narration of this synthesizer is read in; part of a narration's key.</summary>
    string Voice { get; }

    /// <summary>
    /// The MP3 of <paramref name="text"/> (paragraphs separated by blank lines). Throws
    /// <see cref="SpeechSynthesisException"/> when the synthesizer cannot make it now, with the reason.
    /// </summary>
    Task<byte[]> SynthesizeAsync(string text, CancellationToken cancellationToken);
}

/// <summary>A narration that could not be made now; the message says why, and is recorded with the article's narration.</summary>
public sealed class SpeechSynthesisException(string message, Exception? innerException = null) : Exception(message, innerException);
