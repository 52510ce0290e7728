using System.Security.Cryptography;

namespace BudapestPost.Core.Feedback;

/// <summary>
/// Report ids that sort newest first as plain strings (Table Storage orders row keys that way):
/// 19 digits of reverse time ticks, a dash, and 12 random characters so reports received in the
/// same tick never collide. Example: <c>2516887741052463807-k3v9q0c2m7xa</c>.
/// </summary>
public static class FeedbackId
{
    private const int TicksDigits = 19;
    private const int SuffixLength = 12;
    private const string SuffixAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    public static string Create(DateTimeOffset received)
    {
        var reverseTicks = DateTimeOffset.MaxValue.UtcTicks - received.UtcTicks;
        var suffix = RandomNumberGenerator.GetString(SuffixAlphabet, SuffixLength);
        return $"{reverseTicks:D19}-{suffix}";
    }

    /// <summary>True for strings <see cref="Create"/> could have made; anything else cannot name a report.</summary>
    public static bool IsValid(string? id) =>
        id is { Length: TicksDigits + 1 + SuffixLength }
        && id.AsSpan(0, TicksDigits).ContainsAnyExceptInRange('0', '9') is false
        && id[TicksDigits] == '-'
        && id.AsSpan(TicksDigits + 1).ContainsAnyExcept(SuffixAlphabet) is false;
}
