using System.ComponentModel.DataAnnotations;

namespace BudapestPost.Functions.Storage;

/// <summary>Names of the containers and tables the app uses, and how it answers when storage is down. Tests point the names at fresh ones.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>
    /// Article files, the source of truth. Fixed, because trigger attributes need a constant and the
    /// infrastructure wires events to it.
    /// </summary>
    public const string ArticlesContainer = "articles";

    /// <summary>Rendered read models of the live version of each article.</summary>
    [Required] public string PublishedContainer { get; set; } = "published";

    /// <summary>Related-article indexes and listings rendered for clients.</summary>
    [Required] public string IndexesContainer { get; set; } = "indexes";

    /// <summary>The full-text search index: Lucene files and the commit point that names them.</summary>
    [Required] public string SearchContainer { get; set; } = "search";

    [Required] public string ArticlesTable { get; set; } = "Articles";

    [Required] public string FeedbackTable { get; set; } = "Feedback";

    [Required] public string PublishErrorsTable { get; set; } = "PublishErrors";

    /// <summary>The public corrections log, newest first, and each article's corrections.</summary>
    [Required] public string CorrectionsTable { get; set; } = "Corrections";

    /// <summary>Newsletter subscribers, confirmation tokens, deliveries and digests.</summary>
    [Required] public string NewsletterTable { get; set; } = "Newsletter";

    /// <summary>Article files changed but not yet in the related or search index.</summary>
    [Required] public string PendingFilesTable { get; set; } = "PendingFiles";

    /// <summary>Each newsletter digest's article list, read by every sending batch.</summary>
    [Required] public string NewsletterContainer { get; set; } = "newsletter";

    /// <summary>The narrations' MP3 files (private; the app serves them).</summary>
    [Required] public string AudioContainer { get; set; } = "audio";

    /// <summary>Each article's narration, the podcast's episodes and the narrations to try again.</summary>
    [Required] public string NarrationsTable { get; set; } = "Narrations";

    /// <summary>The append-only audit log of editors' writes and reads of personal data.</summary>
    [Required] public string AuditTable { get; set; } = "Audit";

    /// <summary><c>Retry-After</c> of the 503 every endpoint answers while storage is unreachable or throttling.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan OutageRetryAfter { get; set; } = TimeSpan.FromSeconds(30);
}
