using System.Text;

namespace BudapestPost.Testing;

/// <summary>
/// A seeded generator of article files that must be refused: every file it makes is invalid, so a
/// failure names its seed and index and reproduces exactly.
/// </summary>
public sealed class MalformedArticleFiles(int seed)
{
    private readonly Random _random = new(seed);

    public static readonly string[] Kinds =
        ["bad-yaml", "garbage-yaml", "binary", "invalid-utf8", "huge", "alias-bomb", "many-keys", "deep-nesting", "unknown-key", "unclosed", "bad-name"];

    /// <summary>File <paramref name="index"/>: which kind it is, its blob name and its bytes.</summary>
    public (string Kind, string Name, byte[] Content) Next(int index, IReadOnlyList<string> liveSlugs)
    {
        var kind = Kinds[index % Kinds.Length];
        // Every third file overwrites a live article, the case where a bad file must not replace a good one.
        var slug = index % 3 == 0 && liveSlugs.Count > 0 ? liveSlugs[_random.Next(liveSlugs.Count)] : $"malformed-{index}";
        var name = kind == "bad-name" ? BadName(index) : slug + ".md";
        return (kind, name, Make(kind));
    }

    private byte[] Make(string kind) => kind switch
    {
        "bad-yaml" => Text($"---\ntitle: {Pick("[unclosed", "{unclosed: x", "\"unclosed", "[a, [b, {c: [d", "'a")}\nlead: x\npublished: 2025-02-14T09:30:00Z\n---\nBody.\n"),
        // Without "published" whatever the garbage parses as, the file is invalid.
        "garbage-yaml" => Text("---\ntitle: x\n" + Garbage(_random.Next(1, 400)) + "\n---\nBody.\n"),
        "binary" => Bytes(_random.Next(1, 64 * 1024)),
        "invalid-utf8" => InvalidUtf8(),
        "huge" => Text(new ArticleFileBuilder().WithBody(new string('x', 1024 * 1024 + _random.Next(1, 4 * 1024 * 1024))).BuildText()),
        "alias-bomb" => Text(AliasBomb()),
        "many-keys" => Text("---\n" + string.Concat(Enumerable.Range(0, _random.Next(1000, 5000)).Select(i => $"key{i}: {i}\n")) + "---\nBody.\n"),
        "deep-nesting" => Text("---\ntitle: " + Nested(_random.Next(11, 5000)) + "\nlead: x\npublished: 2025-02-14T09:30:00Z\n---\nBody.\n"),
        "unknown-key" => new ArticleFileBuilder().With("x" + new string('k', _random.Next(1, 5000)), "v").Build(),
        "unclosed" => Text("---\ntitle: x\nlead: y\npublished: 2025-02-14T09:30:00Z\n" + Garbage(_random.Next(0, 200)).Replace('-', '_') + "\n"),
        _ => new ArticleFileBuilder().Build(),
    };

    private string BadName(int index) => Pick($"Malformed {index}.md", $"malformed-{index}.txt", $"nested/malformed-{index}.md", $"MALFORMED-{index}.md");

    private string AliasBomb()
    {
        // The classic "billion laughs": each level refers to the one before ten times.
        var yaml = new StringBuilder("---\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 1; level < 10; level++)
        {
            yaml.Append($"a{level}: &a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 10))}]\n");
        }
        return yaml.Append("title: *a9\n---\nBody.\n").ToString();
    }

    private byte[] InvalidUtf8()
    {
        var file = new ArticleFileBuilder().WithTitle("Orbán and the budget").Build();
        var at = _random.Next(file.Length);
        file[at] = Pick<byte>(0xFF, 0xC0, 0x80, 0xFE);
        return file;
    }

    private string Nested(int depth) => new string('[', depth) + "x" + new string(']', _random.Next(0, depth + 1));

    private string Garbage(int length)
    {
        const string alphabet = "abc :-[]{}&*!|>'\"%@`#,?\n\t~=";
        return new string(Enumerable.Range(0, length).Select(_ => alphabet[_random.Next(alphabet.Length)]).ToArray());
    }

    private byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        bytes[0] = 0xFF; // never "---", never UTF-8
        return bytes;
    }

    private T Pick<T>(params T[] choices) => choices[_random.Next(choices.Length)];

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);
}
