using System.Security.Cryptography;
using System.Text;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Validation;
using BudapestPost.Testing;

namespace BudapestPost.Core.Tests.Articles;

public sealed class ArticleParserTests
{
    private const string FileName = "nato-chief.md";
    private const string SlugRule = Slug.Rule;

    // Keyed by scenario so that test discovery handles short names, not megabytes of file bytes.
    private static readonly Dictionary<string, BadFile> BadFileCases = new()
    {
        ["missing title"] = new(() => new ArticleFileBuilder().Without("title").Build(), "title", "is required"),
        ["blank title"] = new(() => new ArticleFileBuilder().WithTitle("  ").Build(), "title", "is required"),
        ["null title"] = new(() => new ArticleFileBuilder().With("title", "~").Build(), "title", "is required"),
        ["title too long"] = new(() => new ArticleFileBuilder().WithTitle(new string('a', 201)).Build(), "title", "must be at most 200 characters"),
        ["title on two lines"] = new(() => new ArticleFileBuilder().With("title", "|\n  First\n  Second").Build(), "title", "must be a single line"),
        ["title as list"] = new(() => new ArticleFileBuilder().With("title", "[a, b]").Build(), "title", "must be a single value, not a list"),
        ["missing lead"] = new(() => new ArticleFileBuilder().Without("lead").Build(), "lead", "is required"),
        ["lead too long"] = new(() => new ArticleFileBuilder().WithLead(new string('é', 601)).Build(), "lead", "must be at most 600 characters"),
        ["missing published"] = new(() => new ArticleFileBuilder().Without("published").Build(), "published", "is required"),
        ["bad date"] = new(() => new ArticleFileBuilder().WithPublished("14/02/2025").Build(), "published", "must be an ISO 8601 date and time with UTC offset, e.g. 2025-02-14T09:30:00+01:00"),
        ["impossible date"] = new(() => new ArticleFileBuilder().WithPublished("2025-02-30T09:30:00+01:00").Build(), "published", "must be an ISO 8601 date and time with UTC offset, e.g. 2025-02-14T09:30:00+01:00"),
        ["date without offset"] = new(() => new ArticleFileBuilder().WithPublished("2025-02-14T09:30:00").Build(), "published", "must include a time and UTC offset, e.g. 2025-02-14T09:30:00+01:00"),
        ["date only"] = new(() => new ArticleFileBuilder().WithPublished("2025-02-14").Build(), "published", "must include a time and UTC offset, e.g. 2025-02-14T09:30:00+01:00"),
        ["bad updated"] = new(() => new ArticleFileBuilder().WithUpdated("soon").Build(), "updated", "must be an ISO 8601 date and time with UTC offset, e.g. 2025-02-14T09:30:00+01:00"),
        ["updated before published"] = new(() => new ArticleFileBuilder().WithUpdated("2025-02-14T08:29:59Z").Build(), "updated", "must not be earlier than published"),
        ["unknown status"] = new(() => new ArticleFileBuilder().WithStatus("archived").Build(), "status", "must be one of: published, draft, retracted"),
        ["status in capitals"] = new(() => new ArticleFileBuilder().WithStatus("Draft").Build(), "status", "must be one of: published, draft, retracted"),
        ["bad aiGenerated"] = new(() => new ArticleFileBuilder().WithAiGenerated("maybe").Build(), "aiGenerated", "must be true or false"),
        ["duplicate keys"] = new(() => new ArticleFileBuilder().WithLine("title", "Again").Build(), "title", "is given more than once"),
        ["unknown key"] = new(() => new ArticleFileBuilder().With("author", "Jane").Build(), "author", "is not a known field; use title, lead, published, updated, tags, section, slug, status, aiGenerated"),
        ["key in wrong case"] = new(() => new ArticleFileBuilder().With("aigenerated", "false").Build(), "aigenerated", "is not a known field; use title, lead, published, updated, tags, section, slug, status, aiGenerated"),
        ["nested mapping"] = new(() => new ArticleFileBuilder().With("section", "{ name: world }").Build(), "section", "must be a single value or a list, not a mapping"),
        ["alias"] = new(() => new ArticleFileBuilder().With("title", "&anchor Title").With("lead", "*anchor").Build(), "lead", "must not use YAML aliases"),
        ["too many tags"] = new(() => new ArticleFileBuilder().WithTags(Enumerable.Range(1, 13).Select(i => $"tag-{i}").ToArray()).Build(), "tags", "must have at most 12 tags"),
        ["bad tag slug"] = new(() => new ArticleFileBuilder().WithTags("nato", "Defence Spending").Build(), "tags", $"'Defence Spending' must be {SlugRule}"),
        ["repeated tag"] = new(() => new ArticleFileBuilder().WithTags("nato", "nato").Build(), "tags", "'nato' is given more than once"),
        ["tags not a list"] = new(() => new ArticleFileBuilder().With("tags", "nato").Build(), "tags", "must be a list, e.g. [economy, energy]"),
        ["nested tags"] = new(() => new ArticleFileBuilder().With("tags", "[[nato]]").Build(), "tags", "must be a list of plain values"),
        ["bad section"] = new(() => new ArticleFileBuilder().WithSection("World News").Build(), "section", $"must be {SlugRule}"),
        ["bad slug"] = new(() => new ArticleFileBuilder().WithSlug("Nato_Chief").Build(), "slug", $"must be {SlugRule}"),
        ["slug mismatch"] = new(() => new ArticleFileBuilder().WithSlug("nato-boss").Build(), "slug", "must equal the file name without .md ('nato-chief')"),
        ["no front matter"] = new(() => "# Just Markdown\n\nText."u8.ToArray(), "frontMatter", "is missing: the file must start with a line '---', then YAML, then a line '---'"),
        ["front matter not at start"] = new(() => Concat("\n", new ArticleFileBuilder().BuildText()), "frontMatter", "is missing: the file must start with a line '---', then YAML, then a line '---'"),
        ["front matter not closed"] = new(() => "---\ntitle: x\nlead: y\n"u8.ToArray(), "frontMatter", "is not closed: add a line '---' after the YAML"),
        ["empty front matter"] = new(() => "---\n---\nText."u8.ToArray(), "frontMatter", "is empty: give at least title, lead and published"),
        ["front matter is a list"] = new(() => "---\n- title\n---\nText."u8.ToArray(), "frontMatter", "must be YAML 'key: value' lines"),
        ["front matter is not YAML"] = new(() => "---\ntitle: \"unclosed\n---\nText."u8.ToArray(), "frontMatter", "is not valid YAML at line 2, column 8"),
        ["front matter only"] = new(() => new ArticleFileBuilder().WithBody("").Build(), "body", "is required: write the article in Markdown after the closing '---'"),
        ["blank body"] = new(() => new ArticleFileBuilder().WithBody("\n  \n\t\n").Build(), "body", "is required: write the article in Markdown after the closing '---'"),
        ["empty file"] = new(() => [], "file", "is empty"),
        ["whitespace file"] = new(() => "\n \r\n"u8.ToArray(), "file", "is empty"),
        ["invalid UTF-8"] = new(() => Concat("---\ntitle: caf", new byte[] { 0xC3, 0x28 }, "\n---\nText."), "file", "is not valid UTF-8"),
        ["Latin-1 text"] = new(() => Encoding.Latin1.GetBytes(new ArticleFileBuilder().WithTitle("Orbán").BuildText()), "file", "is not valid UTF-8"),
        ["5 MB body"] = new(() => new ArticleFileBuilder().WithBody(new string('x', 5 * 1024 * 1024)).Build(), "file", "must be at most 1048576 bytes (1 MiB)"),
    };

    public static TheoryData<string> BadFiles => new(BadFileCases.Keys);

    public static TheoryData<string, string, string, string> BadFileNames => new()
    {
        { "no extension", "nato-chief", "file", "name must end with .md" },
        { "other extension", "nato-chief.txt", "file", "name must end with .md" },
        { "upper-case extension", "nato-chief.MD", "file", "name must end with .md" },
        { "only extension", ".md", "slug", $"from the file name must be {SlugRule}" },
        { "spaces", "Nato Chief.md", "slug", $"from the file name must be {SlugRule}" },
        { "folder", "world/nato-chief.md", "slug", $"from the file name must be {SlugRule}" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Parse_BadFile_ReturnsTheSpecificError(string scenario)
    {
        var (file, field, reason) = BadFileCases[scenario];

        var result = ArticleParser.Parse(FileName, file());

        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        Assert.Equal([new FieldError(field, reason)], result.Errors);
    }

    [Theory]
    [MemberData(nameof(BadFileNames))]
    public void Parse_BadFileName_ReturnsTheSpecificError(string scenario, string fileName, string field, string reason)
    {
        var result = ArticleParser.Parse(fileName, new ArticleFileBuilder().Build());

        Assert.False(result.IsValid, scenario);
        Assert.Equal([new FieldError(field, reason)], result.Errors);
    }

    [Fact]
    public void Parse_ValidFile_ReadsEveryField()
    {
        var file = new ArticleFileBuilder()
            .WithUpdated("2025-02-15T10:00:00Z")
            .WithTags("nato", "defence-spending")
            .WithSection("europe")
            .WithSlug("nato-chief")
            .WithStatus("draft")
            .WithAiGenerated("false")
            .Build();

        var result = ArticleParser.Parse(FileName, file);

        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
        var article = result.Value;
        Assert.Equal("nato-chief", article.Slug);
        Assert.Equal("NATO Chief Urges Higher Defense Expenditure in Europe", article.Title);
        Assert.Equal("The alliance's secretary general asked European members to spend more on defence.", article.Lead);
        Assert.Equal(new DateTimeOffset(2025, 2, 14, 9, 30, 0, TimeSpan.FromHours(1)), article.Published);
        Assert.Equal(TimeSpan.FromHours(1), article.Published.Offset);
        Assert.Equal(new DateTimeOffset(2025, 2, 15, 10, 0, 0, TimeSpan.Zero), article.Updated);
        Assert.Equal(["nato", "defence-spending"], article.Tags);
        Assert.Equal("europe", article.Section);
        Assert.Equal(ArticleStatus.Draft, article.Status);
        Assert.False(article.AiGenerated);
        Assert.Equal("Mark Rutte spoke in Brussels.\n\n## What he asked for\n\nMore spending, sooner.", article.Body);
    }

    [Fact]
    public void Parse_OptionalFieldsLeftOut_UsesDefaults()
    {
        var result = ArticleParser.Parse(FileName, new ArticleFileBuilder().Build());

        Assert.True(result.IsValid);
        Assert.Equal("nato-chief", result.Value.Slug);
        Assert.Null(result.Value.Updated);
        Assert.Empty(result.Value.Tags);
        Assert.Null(result.Value.Section);
        Assert.Equal(ArticleStatus.Published, result.Value.Status);
        Assert.True(result.Value.AiGenerated);
    }

    [Fact]
    public void Parse_ValidFile_ContentHashIsSha256OfTheRawBytes()
    {
        var file = new ArticleFileBuilder().WithWindowsLineEndings().Build();

        var result = ArticleParser.Parse(FileName, file);

        Assert.True(result.IsValid);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), result.Value.ContentHash);
        Assert.Matches("^[0-9a-f]{64}$", result.Value.ContentHash);
    }

    [Theory]
    [InlineData("status published", "status", "published")]
    [InlineData("status retracted", "status", "retracted")]
    [InlineData("offset Z", "published", "2025-02-14T08:30:00Z")]
    [InlineData("offset without seconds", "published", "2025-02-14T09:30+01:00")]
    [InlineData("fractional seconds", "published", "2025-02-14T09:30:00.125+01:00")]
    [InlineData("quoted date", "published", "\"2025-02-14T09:30:00+01:00\"")]
    [InlineData("aiGenerated True", "aiGenerated", "True")]
    [InlineData("empty tag list", "tags", "[]")]
    [InlineData("null tags", "tags", "")]
    [InlineData("block tag list", "tags", "\n  - nato\n  - europe")]
    [InlineData("folded lead", "lead", ">\n  One sentence\n  over two lines.")]
    [InlineData("updated equal to published", "updated", "2025-02-14T08:30:00Z")]
    public void Parse_GoodVariant_IsValid(string scenario, string key, string rawValue)
    {
        var result = ArticleParser.Parse(FileName, new ArticleFileBuilder().With(key, rawValue).Build());

        Assert.True(result.IsValid, $"{scenario}: {string.Join("; ", result.Errors)}");
    }

    [Fact]
    public void Parse_WindowsLineEndingsAndByteOrderMark_IsValidWithUnixBody()
    {
        var file = Encoding.UTF8.GetPreamble().Concat(new ArticleFileBuilder().WithWindowsLineEndings().Build()).ToArray();

        var result = ArticleParser.Parse(FileName, file);

        Assert.True(result.IsValid);
        Assert.DoesNotContain('\r', result.Value.Body);
        Assert.Equal("NATO Chief Urges Higher Defense Expenditure in Europe", result.Value.Title);
    }

    [Fact]
    public void Parse_FieldsAtTheirLimits_IsValid()
    {
        var file = new ArticleFileBuilder()
            .WithTitle(new string('t', ArticleFileLimits.MaxTitleLength))
            .WithLead(new string('ő', ArticleFileLimits.MaxLeadLength))
            .WithTags(Enumerable.Range(1, ArticleFileLimits.MaxTags).Select(i => $"tag-{i}").ToArray())
            .Build();

        var result = ArticleParser.Parse(FileName, file);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(ArticleFileLimits.MaxTags, result.Value.Tags.Count);
    }

    [Fact]
    public void Parse_FileOfExactlyTheSizeLimit_IsValid()
    {
        var withoutBody = new ArticleFileBuilder().WithBody("").Build().Length;
        var file = new ArticleFileBuilder().WithBody(new string('x', ArticleFileLimits.MaxFileBytes - withoutBody)).Build();

        var result = ArticleParser.Parse(FileName, file);

        Assert.Equal(ArticleFileLimits.MaxFileBytes, file.Length);
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void Parse_SeveralBadFields_ReportsEachOfThem()
    {
        var file = new ArticleFileBuilder().Without("title").WithPublished("yesterday").WithStatus("gone").Build();

        var result = ArticleParser.Parse(FileName, file);

        Assert.Equal(["title", "published", "status"], result.Errors.Select(error => error.Field));
    }

    [Fact]
    public void Parse_SameBadFileTwice_GivesIdenticalErrors()
    {
        var file = new ArticleFileBuilder().WithTitle(new string('a', 300)).WithTags("A B").Build();

        var first = ArticleParser.Parse(FileName, file);
        var second = ArticleParser.Parse(FileName, file);

        Assert.Equal(2, first.Errors.Count);
        Assert.Equal(first.Errors, second.Errors);
    }

    [Theory]
    [InlineData("---")]
    [InlineData("---\n---")]
    [InlineData("---\n:\n---\nx")]
    [InlineData("---\n? [a, b]\n: c\n---\nx")]
    [InlineData("---\ntitle: &a [*a]\n---\nx")]
    [InlineData("---\n!!binary title: x\n---\nx")]
    [InlineData("---\ntitle: x\n...\nlead: y\n---\nx")]
    [InlineData("\0\0\0")]
    public void Parse_MalformedInput_ReturnsErrorsWithoutThrowing(string text)
    {
        var result = ArticleParser.Parse(FileName, Encoding.UTF8.GetBytes(text));

        Assert.False(result.IsValid);
        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void Parse_FileWithYamlComments_IgnoresThem()
    {
        var text = new ArticleFileBuilder()
            .With("section", "europe        # optional")
            .With("status", "published     # published | draft | retracted")
            .BuildText()
            .Replace("---\ntitle", "---\n# a whole-line comment\ntitle", StringComparison.Ordinal);

        var result = ArticleParser.Parse(FileName, Encoding.UTF8.GetBytes(text));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal("europe", result.Value.Section);
        Assert.Equal(ArticleStatus.Published, result.Value.Status);
    }

    [Fact]
    public void Parse_RandomlyDamagedFiles_NeverThrow()
    {
        var original = new ArticleFileBuilder().WithTags("nato", "europe").WithSection("europe").WithUpdated("2025-02-15T10:00:00Z").Build();
        var random = new Random(20250214);
        var valid = 0;

        for (var i = 0; i < 2000; i++)
        {
            var file = original.ToArray();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                file[random.Next(file.Length)] = (byte)random.Next(256);
            }

            var damaged = file.AsSpan(0, random.Next(file.Length + 1));
            var result = ArticleParser.Parse(FileName, damaged);

            Assert.True(result.IsValid != result.Errors.Count > 0);
            valid += result.IsValid ? 1 : 0;
        }

        Assert.InRange(valid, 1, 1999);
    }

    [Fact]
    public void Parse_UnicodeLineSeparatorInBody_KeepsIt()
    {
        var result = ArticleParser.Parse(FileName, new ArticleFileBuilder().WithBody("One\u2028two\fthree").Build());

        Assert.True(result.IsValid);
        Assert.Equal("One\u2028two\fthree", result.Value.Body);
    }

    private sealed record BadFile(Func<byte[]> File, string Field, string Reason);

    private static byte[] Concat(params object[] parts) =>
        parts.SelectMany(part => part as byte[] ?? Encoding.UTF8.GetBytes((string)part)).ToArray();
}
