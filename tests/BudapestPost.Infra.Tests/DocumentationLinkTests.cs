using System.Text.RegularExpressions;
using BudapestPost.Testing;

namespace BudapestPost.Infra.Tests;

public sealed partial class DocumentationLinkTests
{
    public static TheoryData<string> Documents() => new(DocumentFiles());

    private static IEnumerable<string> Docs() =>
        Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "docs"), "*.md")
            .Select(file => Path.GetRelativePath(RepositoryRoot.Path, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    private static IEnumerable<string> DocumentFiles() => ["README.md", "bench/README.md", "samples/README.md", .. Docs()];

    [Theory]
    [MemberData(nameof(Documents))]
    public void EveryLink_ResolvesToAFileAndHeading(string document)
    {
        Assert.Empty(BrokenLinks(Path.Combine(RepositoryRoot.Path, document)));
    }

    [Fact]
    public void Readme_LinksEveryDocument()
    {
        var linked = Links(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md")))
            .Select(link => link.Split('#')[0])
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(Docs());
        Assert.All(Docs(), document => Assert.Contains(document, linked));
    }

    [Fact]
    public void BrokenLinks_NamesAMissingFileAndAMissingHeading()
    {
        var folder = Directory.CreateTempSubdirectory("links-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "other.md"), "# Other\n\n## The `Feedback` table\n");
            var page = Path.Combine(folder.FullName, "page.md");
            File.WriteAllText(page, """
                # Page

                [fine](other.md#the-feedback-table), [here](#page), [web](https://example.com/x.md)
                [gone](missing.md) and [no heading](other.md#nothing-here) and [self](#nowhere)

                ```
                [in code](not-checked.md)
                ```
                """);

            Assert.Equal(["missing.md", "other.md#nothing-here", "#nowhere"], BrokenLinks(page));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The relative links of a Markdown file whose file, or heading anchor, does not exist.</summary>
    private static List<string> BrokenLinks(string document)
    {
        var broken = new List<string>();
        foreach (var link in Links(File.ReadAllText(document)))
        {
            var hash = link.IndexOf('#', StringComparison.Ordinal);
            var path = hash < 0 ? link : link[..hash];
            var target = path.Length == 0 ? document : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(document)!, Uri.UnescapeDataString(path)));
            var exists = File.Exists(target) || Directory.Exists(target);
            if (!exists || (hash >= 0 && !Anchors(target).Contains(link[(hash + 1)..])))
            {
                broken.Add(link);
            }
        }
        return broken;
    }

    /// <summary>Link targets outside code, leaving out absolute URLs (they are not the repository's to keep).</summary>
    private static IEnumerable<string> Links(string markdown) =>
        Prose(markdown)
            .SelectMany(line => LinkPattern().Matches(InlineCode().Replace(line, "")))
            .Select(match => match.Groups["target"].Value)
            .Where(target => !Uri.TryCreate(target, UriKind.Absolute, out var uri) || uri.Scheme == Uri.UriSchemeFile);

    /// <summary>The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as hyphens.</summary>
    private static HashSet<string> Anchors(string file)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        if (!file.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || !File.Exists(file))
        {
            return anchors;
        }
        foreach (var line in Prose(File.ReadAllText(file)))
        {
            var heading = HeadingPattern().Match(line);
            if (!heading.Success)
            {
                continue;
            }
            var slug = NotInAnchor().Replace(heading.Groups["text"].Value.Trim().ToLowerInvariant(), "").Replace(' ', '-');
            var anchor = slug;
            for (var n = 1; !anchors.Add(anchor); n++)
            {
                anchor = $"{slug}-{n}";
            }
        }
        return anchors;
    }

    private static IEnumerable<string> Prose(string markdown)
    {
        var fenced = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
            }
            else if (!fenced)
            {
                yield return line;
            }
        }
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*$")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"[^\p{L}\p{Nd}\s_-]")]
    private static partial Regex NotInAnchor();
}
