using System.Globalization;

namespace BudapestPost.Core.Articles;

/// <summary>
/// ISO 8601 / RFC 3339 date-times that carry their UTC offset, such as
/// 2025-02-14T09:30:00+01:00 or 2025-02-14T08:30:00Z. A time without an offset is ambiguous
/// (whose local time?), so it is told apart and refused.
/// </summary>
internal static class IsoTimestamp
{
    private static readonly string[] WithOffset =
    [
        "yyyy-MM-dd'T'HH:mmzzz",
        "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm'Z'",
        "yyyy-MM-dd'T'HH:mm:ss'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
    ];

    private static readonly string[] WithoutOffset =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd HH:mm:ss",
    ];

    public const string Example = "2025-02-14T09:30:00+01:00";

    public static IsoTimestampResult Parse(string text, out DateTimeOffset value)
    {
        // 'Z' has to be read as UTC, which AssumeUniversal does; explicit offsets override it.
        if (DateTimeOffset.TryParseExact(text, WithOffset, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value))
        {
            return IsoTimestampResult.Valid;
        }

        return DateTime.TryParseExact(text, WithoutOffset, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? IsoTimestampResult.MissingOffset
            : IsoTimestampResult.Invalid;
    }
}

internal enum IsoTimestampResult
{
    Valid,
    MissingOffset,
    Invalid,
}
