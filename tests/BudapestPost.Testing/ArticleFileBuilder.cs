using System.Text;

namespace BudapestPost.Testing;

/// <summary>
/// Builds article files (YAML front matter + Markdown body) for tests. Starts from a valid file;
/// each With… replaces one front matter line, Without removes it, WithLine adds a raw line.
/// </summary>
public sealed class ArticleFileBuilder
{
    private readonly List<KeyValuePair<string, string>> lines =
    [
        new("title", Quoted("NATO Chief Urges Higher Defense Expenditure in Europe")),
        new("lead", Quoted("The alliance's secretary general asked European members to spend more on defence.")),
        new("published", "2025-02-14T09:30:00+01:00"),
    ];

    private string body = "Mark Rutte spoke in Brussels.\n\n## What he asked for\n\nMore spending, sooner.\n";
    private string newLine = "\n";

    public ArticleFileBuilder WithTitle(string title) => Set("title", Quoted(title));

    public ArticleFileBuilder WithLead(string lead) => Set("lead", Quoted(lead));

    public ArticleFileBuilder WithPublished(string published) => Set("published", published);

    public ArticleFileBuilder WithUpdated(string updated) => Set("updated", updated);

    public ArticleFileBuilder WithTags(params string[] tags) =>
        Set("tags", "[" + string.Join(", ", tags.Select(Quoted)) + "]");

    public ArticleFileBuilder WithSection(string section) => Set("section", section);

    public ArticleFileBuilder WithSlug(string slug) => Set("slug", slug);

    public ArticleFileBuilder WithStatus(string status) => Set("status", status);

    public ArticleFileBuilder WithAiGenerated(string aiGenerated) => Set("aiGenerated", aiGenerated);

    /// <summary>Sets <c>corrections</c> to block-style entries, written as given.</summary>
    public ArticleFileBuilder WithCorrections(params (string At, string Text)[] corrections) =>
        Set("corrections", string.Concat(corrections.Select(c => $"\n  - at: {c.At}\n    text: {Quoted(c.Text)}")));

    /// <summary>Sets a key to a raw YAML value, written as is.</summary>
    public ArticleFileBuilder With(string key, string rawYamlValue) => Set(key, rawYamlValue);

    /// <summary>Appends a raw front matter line, even for a key already present.</summary>
    public ArticleFileBuilder WithLine(string key, string rawYamlValue)
    {
        lines.Add(new(key, rawYamlValue));
        return this;
    }

    public ArticleFileBuilder Without(string key)
    {
        lines.RemoveAll(line => line.Key == key);
        return this;
    }

    public ArticleFileBuilder WithBody(string markdown)
    {
        body = markdown;
        return this;
    }

    public ArticleFileBuilder WithWindowsLineEndings()
    {
        newLine = "\r\n";
        return this;
    }

    public string BuildText()
    {
        var text = new StringBuilder("---\n");
        foreach (var (key, value) in lines)
        {
            text.Append(key).Append(": ").Append(value).Append('\n');
        }

        text.Append("---\n").Append(body);
        return text.Replace("\n", newLine).ToString();
    }

    public byte[] Build() => Encoding.UTF8.GetBytes(BuildText());

    /// <summary>A YAML double-quoted scalar.</summary>
    public static string Quoted(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private ArticleFileBuilder Set(string key, string rawYamlValue)
    {
        var index = lines.FindIndex(line => line.Key == key);
        if (index < 0)
        {
            lines.Add(new(key, rawYamlValue));
        }
        else
        {
            lines[index] = new(key, rawYamlValue);
        }

        return this;
    }
}
