using System.Text.Json.Serialization;

namespace BudapestPost.Functions.Related;

/// <summary><c>indexes/latest.json</c> and <c>indexes/tags/{tag}.json</c>: the newest articles, newest first.</summary>
public sealed record NewestListDocument(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Tag,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<NewestArticle> Items);
