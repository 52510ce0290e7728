namespace BudapestPost.Functions.Articles;

/// <summary>Which version of a source blob was read: newer versions win over older ones.</summary>
public sealed record SourceVersion(string ETag, DateTimeOffset LastModified);
