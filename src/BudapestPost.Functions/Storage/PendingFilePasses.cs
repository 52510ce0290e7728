using System.Diagnostics;

namespace BudapestPost.Functions.Storage;

/// <summary>
/// Coalesces changed files into passes. A trigger records its file as pending and, when a pass is
/// already running here or on another instance, succeeds at once, leaving the file to that pass's
/// holder, which looks for pending files again each time it lets go. A burst of uploads then waits in
/// no trigger slot and is handled in a few large passes. A holder that crashed or ran out of its time
/// leaves pending files to the next trigger or to a timer that calls <see cref="DrainAsync"/>.
/// </summary>
/// <param name="pending">Where the changes are recorded.</param>
/// <param name="kind">Which pass's changes these are.</param>
/// <param name="tryPass">
/// Handles the files under the pass's lease, reading each as it is now, and commits; false, having done
/// nothing, when another instance holds the lease. It throws when the pass fails: the files stay pending.
/// </param>
/// <param name="maxFilesPerPass">The most files one pass takes.</param>
/// <param name="passInterval">
/// The least time from one pass's start to the next one's while files keep coming: a burst is then handled
/// in fewer, larger passes. A file recorded after a quiet spell is handled at once.
/// </param>
public sealed class PendingFilePasses(PendingFiles pending, string kind, PendingFilePasses.TryPass tryPass, int maxFilesPerPass, TimeSpan passInterval)
{
    public delegate Task<bool> TryPass(IReadOnlyList<string> blobNames, CancellationToken cancellationToken);

    // Under the function timeout, with room for one more pass.
    private static readonly TimeSpan DrainTime = TimeSpan.FromMinutes(2);

    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>Records that <paramref name="blobName"/> changed, then handles what is pending unless another pass already is.</summary>
    public async Task SubmitAsync(string blobName, CancellationToken cancellationToken)
    {
        await pending.AddAsync(kind, blobName, cancellationToken);
        await DrainAsync(cancellationToken);
    }

    /// <summary>
    /// Handles pending files, pass after pass, until none is left, the time is up, or another pass
    /// (here or on another instance) has the turn: that one looks again after letting go, as this
    /// one does, so a file recorded while a pass held the turn is never left without a pass to come.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        long? lastPass = null;
        do
        {
            if (!_turn.Wait(0))
            {
                return;
            }
            try
            {
                var recorded = await pending.ListAsync(kind, maxFilesPerPass, cancellationToken);
                if (recorded.Count > 0 && lastPass is { } last && Stopwatch.GetElapsedTime(last) < passInterval)
                {
                    // The turn stays taken meanwhile: files recorded now wait for this pass, not for one of their own.
                    await Task.Delay(passInterval - Stopwatch.GetElapsedTime(last), cancellationToken);
                    recorded = await pending.ListAsync(kind, maxFilesPerPass, cancellationToken);
                }
                lastPass = Stopwatch.GetTimestamp();
                if (!await PassAsync(recorded, cancellationToken))
                {
                    return;
                }
            }
            finally
            {
                _turn.Release();
            }
        }
        while (Stopwatch.GetElapsedTime(started) < DrainTime);
    }

    /// <summary>One pass over <paramref name="recorded"/>; false when it is empty, or another instance holds the lease.</summary>
    /// <remarks>
    /// The files were listed before the lease is taken: a record rewritten meanwhile has a newer ETag and
    /// stays pending, and each file itself is read under the lease, so nothing newer is ever marked done.
    /// </remarks>
    private async Task<bool> PassAsync(IReadOnlyList<PendingFile> recorded, CancellationToken cancellationToken)
    {
        if (recorded.Count == 0 || !await tryPass(recorded.Select(file => file.BlobName).ToArray(), cancellationToken))
        {
            return false;
        }
        await pending.RemoveAsync(kind, recorded, cancellationToken);
        return true;
    }
}
