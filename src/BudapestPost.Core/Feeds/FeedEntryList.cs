using System.Text.Json;
using System.Text.Json.Serialization;

namespace BudapestPost.Core.Feeds;

/// <summary>How many entries a feed shows.</summary>
public static class FeedEntryList
{
    public const int Capacity = 50;
}

/// <summary>
/// The state behind one feed: its newest <see cref="FeedEntryList.Capacity"/> published entries, newest first
/// (<see cref="FeedArticle"/>s for an article feed, whole <see cref="FeedEntry"/>s for the corrections feed).
/// A publish inserts, replaces or removes one entry, so keeping a feed costs the same whatever
/// the size of the corpus. When an entry leaves a full list, the next older article is not known
/// here; <see cref="NeedsRefill"/> then asks the caller for it (one range read of a listing).
/// </summary>
public sealed class FeedEntryList<TEntry> where TEntry : class, IFeedEntry
{
    [JsonInclude]
    public List<TEntry> Entries { get; private set; } = [];

    /// <summary>True when an article of this feed was left out for being older than the last kept entry.</summary>
    [JsonInclude]
    public bool Truncated { get; private set; }

    /// <summary>When the list last changed; the feed's own "updated" time.</summary>
    [JsonInclude]
    public DateTimeOffset? ChangedAt { get; private set; }

    [JsonIgnore]
    public bool NeedsRefill => Truncated && Entries.Count < FeedEntryList.Capacity;

    /// <summary>The oldest kept entry: a refill asks for articles older than this one.</summary>
    [JsonIgnore]
    public TEntry? Oldest => Entries.Count == 0 ? null : Entries[^1];

    public bool Contains(string slug) => Entries.Exists(e => e.Slug == slug);

    /// <summary>Inserts or replaces the entry with its slug; false when the state did not change.</summary>
    public bool Upsert(TEntry entry, DateTimeOffset now)
    {
        var index = Entries.FindIndex(e => e.Slug == entry.Slug);
        if (index >= 0 && Entries[index].Equals(entry))
        {
            return false;
        }

        var wasThere = index >= 0;
        if (wasThere)
        {
            Entries.RemoveAt(index);
        }
        if (Entries.Count == FeedEntryList.Capacity && NewestFirst(entry, Entries[^1]) > 0)
        {
            // Older than every kept entry of a full list: it stays out, and the feed is truncated.
            // Only the state changes (so a later removal knows to refill), not what the feed shows.
            var flagged = !Truncated;
            Truncated = true;
            return flagged;
        }

        Entries.Insert(InsertionPoint(entry), entry);
        if (Entries.Count > FeedEntryList.Capacity)
        {
            Entries.RemoveAt(Entries.Count - 1);
            Truncated = true;
        }
        return Touch(true, now);
    }

    /// <summary>Removes the entry with this slug; false when it was not in the list.</summary>
    public bool Remove(string slug, DateTimeOffset now) =>
        Touch(Entries.RemoveAll(e => e.Slug == slug) > 0, now);

    /// <summary>
    /// Appends entries older than <see cref="Oldest"/>, as a refill read them (newest first).
    /// <paramref name="exhausted"/> says the source has nothing older than the last one given.
    /// </summary>
    public void AppendOlder(IEnumerable<TEntry> older, bool exhausted)
    {
        foreach (var entry in older)
        {
            if (Entries.Count == FeedEntryList.Capacity)
            {
                return;
            }
            if (!Contains(entry.Slug) && (Oldest is null || NewestFirst(Oldest, entry) < 0))
            {
                Entries.Add(entry);
            }
        }
        Truncated = !exhausted;
    }

    /// <summary>The same list with each entry in the place of this one's, as <paramref name="entries"/> gives them in order.</summary>
    public FeedEntryList<TOther> With<TOther>(IEnumerable<TOther> entries) where TOther : class, IFeedEntry =>
        new() { Entries = [.. entries], Truncated = Truncated, ChangedAt = ChangedAt };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, FeedFormats.StateJson);

    public static FeedEntryList<TEntry> FromJson(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<FeedEntryList<TEntry>>(json, FeedFormats.StateJson) ?? new FeedEntryList<TEntry>();

    /// <summary>Newest first; the slug breaks ties so the order is total.</summary>
    private static int NewestFirst(TEntry a, TEntry b)
    {
        var byTime = b.Published.CompareTo(a.Published);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Slug, b.Slug);
    }

    private int InsertionPoint(TEntry entry)
    {
        var index = Entries.FindIndex(e => NewestFirst(entry, e) < 0);
        return index < 0 ? Entries.Count : index;
    }

    private bool Touch(bool changed, DateTimeOffset now)
    {
        if (changed)
        {
            ChangedAt = now;
        }
        return changed;
    }
}
