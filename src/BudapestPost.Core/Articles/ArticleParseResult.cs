using System.Diagnostics.CodeAnalysis;
using BudapestPost.Core.Validation;

namespace BudapestPost.Core.Articles;

/// <summary>The outcome of parsing an article file: the article, or the reasons it was refused.</summary>
public sealed record ArticleParseResult(Article? Article, IReadOnlyList<FieldError> Errors)
{
    [MemberNotNullWhen(true, nameof(Article))]
    public bool IsValid => Article is not null;

    internal static ArticleParseResult Valid(Article article) => new(article, []);

    internal static ArticleParseResult Invalid(IReadOnlyList<FieldError> errors) => new(null, errors);

    internal static ArticleParseResult Invalid(string field, string reason) => new(null, [new FieldError(field, reason)]);
}
