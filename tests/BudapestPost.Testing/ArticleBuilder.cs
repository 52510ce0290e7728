using BudapestPost.Core.Articles;

namespace BudapestPost.Testing;

/// <summary>Test articles with sensible defaults; override only what a test is about.</summary>
public sealed class ArticleBuilder
{
    private static readonly DateTimeOffset DefaultPublished = new(2025, 2, 14, 9, 0, 0, TimeSpan.Zero);

    private string _slug = "an-article";
    private string _title = "An article";
    private string _lead = "";
    private DateTimeOffset _published = DefaultPublished;
    private IReadOnlyList<string> _tags = [];
    private ArticleStatus _status = ArticleStatus.Published;
    private string _body = "";

    public ArticleBuilder WithSlug(string slug) { _slug = slug; return this; }
    public ArticleBuilder WithTitle(string title) { _title = title; return this; }
    public ArticleBuilder WithLead(string lead) { _lead = lead; return this; }
    public ArticleBuilder WithPublished(DateTimeOffset published) { _published = published; return this; }
    public ArticleBuilder WithTags(params string[] tags) { _tags = tags; return this; }
    public ArticleBuilder WithStatus(ArticleStatus status) { _status = status; return this; }
    public ArticleBuilder WithBody(string body) { _body = body; return this; }

    public Article Build() => new(
        _slug,
        _title,
        _lead,
        _published,
        Updated: null,
        _tags,
        Section: null,
        _status,
        AiGenerated: true,
        _body,
        ContentHash: $"{_slug}:{_title.GetHashCode():x8}:{_lead.GetHashCode():x8}:{_body.GetHashCode():x8}");
}
