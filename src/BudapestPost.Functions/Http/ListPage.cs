namespace BudapestPost.Functions.Http;

/// <summary>One page of a newest-first listing; <see cref="Continuation"/> is null on the last page.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string? Continuation);
