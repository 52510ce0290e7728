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
        ["missing title"] = new(() => new ArticleFileBuilder().Without("title").Build(), "title", "Is required."),
        ["blank title"] = new(() => new ArticleFileBuilder().WithTitle("  ").Build(), "title", "Is required."),
        ["null title"] = new(() => new ArticleFileBuilder().With("title", "~").Build(), "title", "Is required."),
        ["title too long"] = new(() => new ArticleFileBuilder().WithTitle(new string('a', 201)).Build(), "title", "Must be at most 200 characters."),
        ["title on two lines"] = new(() => new ArticleFileBuilder().With("title", "|\n  First\n  Second").Build(), "title", "Must be a single line."),
        ["title as list"] = new(() => new ArticleFileBuilder().With("title", "[a, b]").Build(), "title", "Must be a single value, not a list."),
        ["missing lead"] = new(() => new ArticleFileBuilder().Without("lead").Build(), "lead", "Is required."),
        ["lead too long"] = new(() => new ArticleFileBuilder().WithLead(new string('é', 601)).Build(), "lead", "Must be at most 600 characters."),
        ["missing published"] = new(() => new ArticleFileBuilder().Without("published").Build(), "published", "Is required."),
        ["bad date"] = new(() => new ArticleFileBuilder().WithPublished("14/02/2025").Build(), "published", "Must be an ISO 8601 date and time with UTC offset, e.g. 2025-02-14T09:30:00+01:00."),
        ["impossible date"] = new(() => new ArticleFileBuilder().WithPublished("2025-02-30T09:30:00+01:00").Build(), "published", "Must be an ISO 8601 date and time with UTC offset, e.g. 2025-02-14T09:30:00+01:00."),
        ["date without offset"] = new(() => new ArticleFileBuilder().WithPublished("2025-02-14T09:30:00").Build(), "published", "Must include a time and UTC offset, e.g. 2025-02-14T09:30:00+01:00."),
        ["date only"] = new(() => new ArticleFileBuilder().WithPublished("2025-02-14").Build(), "published", "Must include a time and UTC offset, e.g. 2025-02-14T09:30:00+01:00."),
        ["bad updated"] = new(() => new ArticleFileBuilder().WithUpdated("soon").Build(), "updated", "Must be an ISO 8601 date and time with UTC offset, e.g. 2025-02-14T09:30:00+01:00."),
        ["updated before published"] = new(() => new ArticleFileBuilder().WithUpdated("2025-02-14T08:29:59Z").Build(), "updated", "Must not be earlier than published."),
        ["unknown status"] = new(() => new ArticleFileBuilder().WithStatus("archived").Build(), "status", "Must be one of: published, draft, retracted."),
        ["status in capitals"] = new(() => new ArticleFileBuilder().WithStatus("Draft").Build(), "status", "Must be one of: published, draft, retracted."),
        ["bad aiGenerated"] = new(() => new ArticleFileBuilder().WithAiGenerated("maybe").Build(), "aiGenerated", "Must be true or false."),
        ["duplicate keys"] = new(() => new ArticleFileBuilder().WithLine("title", "Again").Build(), "title", "Is given more than once."),
        ["unknown key"] = new(() => new ArticleFileBuilder().With("author", "Jane").Build(), "author", "Is not a known field; use title, lead, published, updated, tags, section, slug, status, aiGenerated."),
        ["key in wrong case"] = new(() => new ArticleFileBuilder().With("aigenerated", "false").Build(), "aigenerated", "Is not a known field; use title, lead, published, updated, tags, section, slug, status, aiGenerated."),
        ["nested mapping"] = new(() => new ArticleFileBuilder().With("section", "{ name: world }").Build(), "section", "Must be a single value or a list, not a mapping."),
        ["alias"] = new(() => new ArticleFileBuilder().With("title", "&anchor Title").With("lead", "*anchor").Build(), "lead", "Must not use YAML aliases."),
        ["too many tags"] = new(() => new ArticleFileBuilder().WithTags(Enumerable.Range(1, 13).Select(i => $"tag-{i}").ToArray()).Build(), "tags", "Must have at most 12 tags."),
        ["bad tag slug"] = new(() => new ArticleFileBuilder().WithTags("nato", "Defence Spending").Build(), "tags", $"'Defence Spending' must be {SlugRule}."),
        ["repeated tag"] = new(() => new ArticleFileBuilder().WithTags("nato", "nato").Build(), "tags", "'nato' is given more than once."),
        ["tags not a list"] = new(() => new ArticleFileBuilder().With("tags", "nato").Build(), "tags", "Must be a list, e.g. [economy, energy]."),
        ["nested tags"] = new(() => new ArticleFileBuilder().With("tags", "[[nato]]").Build(), "tags", "Must be a list of plain values."),
        ["bad section"] = new(() => new ArticleFileBuilder().WithSection("World News").Build(), "section", $"Must be {SlugRule}."),
        ["bad slug"] = new(() => new ArticleFileBuilder().WithSlug("Nato_Chief").Build(), "slug", $"Must be {SlugRule}."),
        ["slug mismatch"] = new(() => new ArticleFileBuilder().WithSlug("nato-boss").Build(), "slug", "Must equal the file name without .md ('nato-chief')."),
        ["no front matter"] = new(() => "# Just Markdown\n\nText."u8.ToArray(), "frontMatter", "Is missing: the file must start with a line '---', then YAML, then a line '---'."),
        ["front matter not at start"] = new(() => Concat("\n", new ArticleFileBuilder().BuildText()), "frontMatter", "Is missing: the file must start with a line '---', then YAML, then a line '---'."),
        ["front matter not closed"] = new(() => "---\ntitle: x\nlead: y\n"u8.ToArray(), "frontMatter", "Is not closed: add a line '---' after the YAML."),
        ["empty front matter"] = new(() => "---\n---\nText."u8.ToArray(), "frontMatter", "Is empty: give at least title, lead and published."),
        ["front matter is a list"] = new(() => "---\n- title\n---\nText."u8.ToArray(), "frontMatter", "Must be YAML 'key: value' lines."),
        ["front matter is not YAML"] = new(() => "---\ntitle: \"unclosed\n---\nText."u8.ToArray(), "frontMatter", "Is not valid YAML at line 2, column 8."),
        ["front matter only"] = new(() => new ArticleFileBuilder().WithBody("").Build(), "body", "Is required: write the article in Markdown after the closing '---'."),
        ["blank body"] = new(() => new ArticleFileBuilder().WithBody("\n  \n\t\n").Build(), "body", "Is required: write the article in Markdown after the closing '---'."),
        ["empty file"] = new(() => [], "file", "Is empty."),
        ["whitespace file"] = new(() => "\n \r\n"u8.ToArray(), "file", "Is empty."),
        ["invalid UTF-8"] = new(() => Concat("---\ntitle: caf", new byte[] { 0xC3, 0x28 }, "\n---\nText."), "file", "Is not valid UTF-8."),
        ["Latin-1 text"] = new(() => Encoding.Latin1.GetBytes(new ArticleFileBuilder().WithTitle("Orbán").BuildText()), "file", "Is not valid UTF-8."),
        ["5 MB body"] = new(() => new ArticleFileBuilder().WithBody(new string('x', 5 * 1024 * 1024)).Build(), "file", "Must be at most 1048576 bytes (1 MiB)."),
    };

    public static TheoryData<string> BadFiles => new(BadFileCases.Keys);

    public static TheoryData<string, string, string, string> BadFileNames => new()
    {
        { "no extension", "nato-chief", "file", "Name must end with .md." },
        { "other extension", "nato-chief.txt", "file", "Name must end with .md." },
        { "upper-case extension", "nato-chief.MD", "file", "Name must end with .md." },
        { "only extension", ".md", "slug", $"From the file name must be {SlugRule}." },
        { "spaces", "Nato Chief.md", "slug", $"From the file name must be {SlugRule}." },
        { "folder", "world/nato-chief.md", "slug", $"From the file name must be {SlugRule}." },
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
    public void Parse_UnclosedFlowSequenceBeforeAnotherKey_IsAFrontMatterError()
    {
        var result = ArticleParser.Parse(FileName, "---\ntitle: [unclosed\nlead: x\n---\nb\n"u8);

        var error = Assert.Single(result.Errors);
        Assert.Equal("frontMatter", error.Field);
        Assert.StartsWith("Is not valid YAML", error.Reason);
    }

    public static TheoryData<string, string> OverLimitFrontMatter => new()
    {
        { string.Concat(Enumerable.Range(0, 51).Select(i => $"key{i}: x\n")), "Has more than 50 keys." },
        { "title: &a x\ntags: [" + string.Join(", ", Enumerable.Repeat("*a", 11)) + "]\n", "Uses more than 10 YAML aliases." },
        { "section: " + new string('[', 11) + "x" + new string(']', 11) + "\n", "Nests values deeper than 10 levels." },
    };

    [Theory]
    [MemberData(nameof(OverLimitFrontMatter))]
    public void Parse_FrontMatterOverALimit_GivesOneError(string yaml, string reason)
    {
        var result = ArticleParser.Parse(FileName, Encoding.UTF8.GetBytes("---\n" + yaml + "---\nBody.\n"));

        Assert.Equal([new FieldError("frontMatter", reason)], result.Errors);
    }

    [Fact]
    public void Parse_FrontMatterAtTheLimits_IsRead()
    {
        var yaml = "title: &a x\nlead: y\npublished: 2025-02-14T09:30:00Z\n" +
                   string.Concat(Enumerable.Range(0, 47).Select(i => $"key{i}: x\n")) + "\n";

        var result = ArticleParser.Parse(FileName, Encoding.UTF8.GetBytes("---\n" + yaml + "---\nBody.\n"));

        // 50 keys: every error is about one unknown key, none about the front matter as a whole.
        Assert.Equal(47, result.Errors.Count);
        Assert.DoesNotContain(result.Errors, error => error.Field == "frontMatter");
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
    [InlineData("---\ntitle: [unclosed\nlead: x\n---\nb\n")]
    [InlineData("---\ntitle: {unclosed: x\nlead: x\n---\nb\n")]
    [InlineData("---\ntags: [a, [b, {c: [d\nlead: x\n---\nb\n")]
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
