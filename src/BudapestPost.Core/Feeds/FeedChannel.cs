namespace BudapestPost.Core.Feeds;

/// <summary>
/// The feed-level facts: whose feed it is and where it lives. <see cref="HomeUrl"/> is the page
/// the feed mirrors on the website; the three self URLs are where each rendering is served.
/// </summary>
public sealed record FeedChannel(
    string Title,
    string Description,
    string Language,
    string Publisher,
    string HomeUrl,
    string RssUrl,
    string AtomUrl,
    string JsonUrl);
