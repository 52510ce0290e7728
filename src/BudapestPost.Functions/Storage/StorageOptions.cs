using System.ComponentModel.DataAnnotations;

namespace BudapestPost.Functions.Storage;

/// <summary>Names of the containers and tables the app uses. Tests point them at fresh ones.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Rendered read models of the live version of each article.</summary>
    [Required] public string PublishedContainer { get; set; } = "published";

    /// <summary>Related-article indexes and listings rendered for clients.</summary>
    [Required] public string IndexesContainer { get; set; } = "indexes";

    /// <summary>The full-text search index: Lucene files and the commit point that names them.</summary>
    [Required] public string SearchContainer { get; set; } = "search";

    [Required] public string ArticlesTable { get; set; } = "Articles";

    [Required] public string FeedbackTable { get; set; } = "Feedback";

    [Required] public string PublishErrorsTable { get; set; } = "PublishErrors";
}
