namespace BudapestPost.Core.Articles;

/// <summary>
/// Names under which article validation reports its errors: the front matter keys, plus
/// <see cref="File"/> for the file as a whole, <see cref="FrontMatter"/> for its YAML block and
/// <see cref="Body"/> for the Markdown after it.
/// </summary>
public static class ArticleFields
{
    public const string File = "file";
    public const string FrontMatter = "frontMatter";
    public const string Body = "body";

    public const string Title = "title";
    public const string Lead = "lead";
    public const string Published = "published";
    public const string Updated = "updated";
    public const string Tags = "tags";
    public const string Section = "section";
    public const string Slug = "slug";
    public const string Status = "status";
    public const string AiGenerated = "aiGenerated";
    public const string Corrections = "corrections";

    /// <summary>Every front matter key an article file may use, in the order they are documented.</summary>
    public static IReadOnlyList<string> FrontMatterKeys { get; } =
        [Title, Lead, Published, Updated, Tags, Section, Slug, Status, AiGenerated, Corrections];
}
