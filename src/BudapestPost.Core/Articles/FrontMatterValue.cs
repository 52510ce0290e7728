namespace BudapestPost.Core.Articles;

/// <summary>
/// One front matter value as written: a scalar (<see cref="Text"/>, null for YAML null) or a list
/// of scalars (<see cref="Items"/>) or of flat mappings (<see cref="Entries"/>, only where a field takes them). A value the reader already refused (a mapping, a nested list,
/// an alias) is <see cref="Rejected"/>: its error is reported and it counts as given.
/// </summary>
internal sealed record FrontMatterValue(
    string? Text, IReadOnlyList<string>? Items, bool Rejected = false, IReadOnlyList<IReadOnlyDictionary<string, string?>>? Entries = null)
{
    public static FrontMatterValue Refused { get; } = new(null, null, Rejected: true);

    public bool IsList => Items is not null || Entries is not null;

    public bool IsNull => !IsList && Text is null && !Rejected;
}
