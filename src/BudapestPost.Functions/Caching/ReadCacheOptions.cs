using System.ComponentModel.DataAnnotations;

namespace BudapestPost.Functions.Caching;

/// <summary>
/// Settings of the in-memory read cache, bound from the "ReadCache" section (app settings
/// <c>ReadCache__SizeInMegabytes</c>, <c>ReadCache__FreshFor</c>) and validated at start.
/// </summary>
public sealed class ReadCacheOptions
{
    public const string SectionName = "ReadCache";

    /// <summary>Memory the cache may use per instance; the least recently used entries go first when it is full.</summary>
    [Range(1, 4096)]
    public int SizeInMegabytes { get; set; } = 64;

    /// <summary>
    /// How long what changes (which version of an article is live, related lists, listing pages) is served
    /// from memory before storage is asked again: the bound on how late a publish, update or retraction
    /// shows on an instance, and the shared-cache lifetime (<c>s-maxage</c>) sent to a CDN.
    /// </summary>
    // At most 5 s, so an instance plus a CDN edge in front of it together stay within 10 s.
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan FreshFor { get; set; } = TimeSpan.FromSeconds(5);
}
