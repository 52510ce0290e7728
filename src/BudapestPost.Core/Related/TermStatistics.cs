namespace BudapestPost.Core.Related;

/// <summary>
/// A snapshot of document frequencies that every weight is computed from. It changes only when the
/// engine refreshes it (a full re-rank), so between refreshes one article's vector never changes
/// because another article arrived: that is what lets one publish touch only a few lists.
/// </summary>
public sealed class TermStatistics
{
    private readonly Dictionary<string, int> _documentFrequencies;

    public TermStatistics(int documentCount, IReadOnlyDictionary<string, int> documentFrequencies)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(documentCount);
        DocumentCount = documentCount;
        _documentFrequencies = new Dictionary<string, int>(documentFrequencies, StringComparer.Ordinal);
    }

    public static TermStatistics Empty { get; } = new(0, new Dictionary<string, int>());

    /// <summary>Number of articles the snapshot was taken over.</summary>
    public int DocumentCount { get; }

    /// <summary>Document frequency of each term (and of each tag key) in the snapshot.</summary>
    public IReadOnlyDictionary<string, int> DocumentFrequencies => _documentFrequencies;

    public int DocumentFrequency(string term) => _documentFrequencies.GetValueOrDefault(term);

    /// <summary>Smoothed inverse document frequency; a term the snapshot has not seen counts as rare.</summary>
    public double InverseDocumentFrequency(string term) =>
        Math.Log((1.0 + DocumentCount) / (1.0 + DocumentFrequency(term))) + 1.0;
}
