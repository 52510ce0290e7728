namespace BudapestPost.Core.Feedback;

/// <summary>The lowercase names kinds, statuses and resolutions have in JSON and in Table Storage.</summary>
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

    private static readonly Dictionary<FeedbackResolution, string> ResolutionNames = new()
    {
        [FeedbackResolution.Corrected] = "corrected",
        [FeedbackResolution.NoError] = "no-error",
        [FeedbackResolution.Duplicate] = "duplicate",
        [FeedbackResolution.OutOfScope] = "out-of-scope",
    };

    public static IEnumerable<string> AllKinds => KindNames.Values;

    public static IEnumerable<string> AllStatuses => StatusNames.Values;

    /// <summary>The resolutions an editor may choose by hand; "corrected" comes with a published correction.</summary>
    public static IEnumerable<string> EditorResolutions => ResolutionNames.Where(r => r.Key != FeedbackResolution.Corrected).Select(r => r.Value);

    public static string ToName(this FeedbackResolution resolution) => ResolutionNames[resolution];

    public static bool TryParseResolution(string? name, out FeedbackResolution resolution) => TryFind(ResolutionNames, name, out resolution);

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

/// <summary>What a reader reports about an article. Wire names are in <see cref="FeedbackNames"/>.</summary>
public enum FeedbackKind
{
    Inaccuracy,
    Typo,
    BrokenLink,
    Other,
}

/// <summary>Where a report stands in editor triage. Allowed moves are in <see cref="FeedbackStatusTransitions"/>.</summary>
public enum FeedbackStatus
{
    New,
    Triaged,
    Resolved,
    Rejected,
}

/// <summary>
/// Why a report was resolved. <see cref="Corrected"/> is set only by publishing a correction, which
/// links the report to it; editors choose the others when they resolve a report by hand.
/// </summary>
public enum FeedbackResolution
{
    Corrected,
    NoError,
    Duplicate,
    OutOfScope,
}
