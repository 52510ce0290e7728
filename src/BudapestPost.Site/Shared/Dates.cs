using System.Globalization;

namespace BudapestPost.Site.Shared;

/// <summary>How pages write times: ISO 8601 for machines (<c>datetime</c>, Open Graph, JSON-LD), a day for people.</summary>
public static class Dates
{
    public static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static string Long(DateTimeOffset time) => time.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    public static string LongWithTime(DateTimeOffset time) => time.ToString("d MMMM yyyy, HH:mm 'UTC'zzz", CultureInfo.InvariantCulture);
}
