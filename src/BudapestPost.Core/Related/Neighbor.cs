namespace BudapestPost.Core.Related;

/// <summary>One entry of a related list: the other article and the pair's score.</summary>
internal readonly record struct Neighbor(CorpusEntry Entry, double Score);
