namespace BudapestPost.Core.Feeds;

public enum FeedScopeKind
{
    Site,
    Tag,
    Section,
}

/// <summary>
/// Which articles a feed holds: all of them, one tag's or one section's. <see cref="Path"/> is the
/// feed's folder, both for its blobs and under <c>/api/</c>: <c>feeds/</c>, <c>feeds/tags/{tag}/</c>,
/// <c>feeds/sections/{section}/</c>.
/// </summary>
public sealed record FeedScope(FeedScopeKind Kind, string Name)
{
    public static readonly FeedScope Site = new(FeedScopeKind.Site, "");

    public static FeedScope Tag(string tag) => new(FeedScopeKind.Tag, tag);

    public static FeedScope Section(string section) => new(FeedScopeKind.Section, section);

    public string Path => Kind switch
    {
        FeedScopeKind.Tag => $"feeds/tags/{Name}/",
        FeedScopeKind.Section => $"feeds/sections/{Name}/",
        _ => "feeds/",
    };

    /// <summary>The feeds an article with these tags and section belongs to.</summary>
    public static IReadOnlyList<FeedScope> Of(IEnumerable<string> tags, string? section)
    {
        var scopes = new List<FeedScope> { Site };
        scopes.AddRange(tags.Select(Tag));
        if (section is not null)
        {
            scopes.Add(Section(section));
        }
        return scopes;
    }
}
