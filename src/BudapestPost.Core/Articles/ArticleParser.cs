using System.Text;
using System.Text.Unicode;
using BudapestPost.Core.Validation;

namespace BudapestPost.Core.Articles;

/// <summary>
/// Reads and validates an article file: Markdown with YAML front matter. The one place where an
/// article enters the system, so the blob trigger and the publish API report identical errors.
/// </summary>
/// <remarks>
/// Front matter keys: title (required, at most 200 characters), lead (required, at most 600),
/// published (required, ISO 8601 with offset), updated (optional, same format, not before
/// published), tags (optional list of at most 12 slugs), section (optional slug), slug (optional,
/// must equal the file name without ".md"), status (published | draft | retracted, default
/// published), aiGenerated (true | false, default true), corrections (optional list of
/// {at, text} entries, see <see cref="CorrectionRules"/>). Files are strict UTF-8 (a leading BOM is
/// allowed), at most <see cref="ArticleFileLimits.MaxFileBytes"/> bytes, and need a non-empty body.
/// Bad input never throws: every problem comes back as a <see cref="FieldError"/>.
/// </remarks>
public static class ArticleParser
{
    private const string FileExtension = ".md";

    /// <param name="blobName">The file name, such as "nato-chief.md"; it gives the slug.</param>
    /// <param name="content">The raw bytes of the file.</param>
    public static ParseResult<Article> Parse(string blobName, ReadOnlySpan<byte> content)
    {
        ArgumentNullException.ThrowIfNull(blobName);

        if (CheckFileName(blobName) is { } nameError)
        {
            return ParseResult<Article>.Invalid([nameError]);
        }

        if (content.Length > ArticleFileLimits.MaxFileBytes)
        {
            return TooLarge(blobName);
        }

        if (!TryDecode(content, out var text))
        {
            return ParseResult<Article>.Invalid(ArticleFields.File, "Is not valid UTF-8.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return ParseResult<Article>.Invalid(ArticleFields.File, "Is empty.");
        }

        // YAML line breaks only (CRLF, CR, LF); ReplaceLineEndings would also rewrite U+2028 and
        // form feeds inside the body.
        var unixText = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        if (!FrontMatterReader.TrySplit(unixText, out var yaml, out var body, out var splitError))
        {
            return ParseResult<Article>.Invalid([splitError]);
        }

        var errors = new List<FieldError>();
        var values = FrontMatterReader.Read(yaml, errors);
        if (values is null)
        {
            return ParseResult<Article>.Invalid(errors);
        }

        var slug = blobName[..^FileExtension.Length];
        var article = new FrontMatterValidator(values, errors).ToArticle(slug, body, content);
        return article is not null ? ParseResult<Article>.Valid(article) : ParseResult<Article>.Invalid(errors);
    }

    /// <summary>The result for a file known to be over the size limit, without reading it.</summary>
    public static ParseResult<Article> TooLarge(string blobName) =>
        CheckFileName(blobName) is { } nameError
            ? ParseResult<Article>.Invalid([nameError])
            : ParseResult<Article>.Invalid(ArticleFields.File, $"Must be at most {ArticleFileLimits.MaxFileBytes} bytes (1 MiB).");

    private static FieldError? CheckFileName(string blobName)
    {
        if (!blobName.EndsWith(FileExtension, StringComparison.Ordinal))
        {
            return new FieldError(ArticleFields.File, "Name must end with .md.");
        }

        return Slug.IsValid(blobName[..^FileExtension.Length])
            ? null
            : new FieldError(ArticleFields.Slug, $"From the file name must be {Slug.Rule}.");
    }

    private static bool TryDecode(ReadOnlySpan<byte> content, out string text)
    {
        var withoutBom = content.StartsWith(Encoding.UTF8.Preamble) ? content[Encoding.UTF8.Preamble.Length..] : content;
        if (!Utf8.IsValid(withoutBom))
        {
            text = string.Empty;
            return false;
        }

        text = Encoding.UTF8.GetString(withoutBom);
        return true;
    }
}

/// <summary>The size limits an article file must keep.</summary>
public static class ArticleFileLimits
{
    /// <summary>1 MiB: several times the longest news article, small enough to parse in memory.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    public const int MaxTitleLength = 200;

    public const int MaxLeadLength = 600;

    public const int MaxTags = 12;
}
