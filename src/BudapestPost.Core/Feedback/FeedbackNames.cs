namespace BudapestPost.Core.Feedback;

/// <summary>The lowercase names kinds and statuses have in JSON and in Table Storage.</summary>
public static class FeedbackNames
{
    private static readonly Dictionary<FeedbackKind, string> KindNames = new()
    {
        [FeedbackKind.Inaccuracy] = "inaccuracy",
        [FeedbackKind.Typo] = "typo",
        [FeedbackKind.BrokenLink] = "broken-link",
        [FeedbackKind.Other] = "other",
    };

    private static readonly Dictionary<FeedbackStatus, string> StatusNames = new()
    {
        [FeedbackStatus.New] = "new",
        [FeedbackStatus.Triaged] = "triaged",
        [FeedbackStatus.Resolved] = "resolved",
        [FeedbackStatus.Rejected] = "rejected",
    };

    public static IEnumerable<string> AllKinds => KindNames.Values;

    public static IEnumerable<string> AllStatuses => StatusNames.Values;

    public static string ToName(this FeedbackKind kind) => KindNames[kind];

    public static string ToName(this FeedbackStatus status) => StatusNames[status];

    public static bool TryParseKind(string? name, out FeedbackKind kind) => TryFind(KindNames, name, out kind);

    public static bool TryParseStatus(string? name, out FeedbackStatus status) => TryFind(StatusNames, name, out status);

    // Exact, case-sensitive match: the wire format has one spelling per value.
    private static bool TryFind<T>(Dictionary<T, string> names, string? name, out T value)
        where T : struct, Enum
    {
        foreach (var (candidate, candidateName) in names)
        {
            if (candidateName == name)
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }
}
