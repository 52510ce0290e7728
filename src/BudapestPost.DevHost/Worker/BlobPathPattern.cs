using System.Text;
using System.Text.RegularExpressions;

namespace BudapestPost.DevHost.Worker;

/// <summary>
/// A blob trigger path such as <c>articles/{name}</c> or <c>images/{category}/{id}.png</c>: the container,
/// and a matcher for blob names that yields the values of the <c>{tokens}</c>.
/// </summary>
public sealed class BlobPathPattern
{
    private readonly Regex _blobName;

    private BlobPathPattern(string container, Regex blobName, string text)
    {
        Container = container;
        _blobName = blobName;
        Text = text;
    }

    public string Container { get; }
    public string Text { get; }

    public static BlobPathPattern Parse(string path)
    {
        var slash = path.IndexOf('/');
        var container = slash < 0 ? path : path[..slash];
        if (container.Length == 0 || container.Contains('{'))
        {
            throw new FormatException($"Blob trigger path '{path}' must start with a fixed container name.");
        }
        var blobPart = slash < 0 ? "{blobName}" : path[(slash + 1)..];

        var regex = new StringBuilder("^");
        var position = 0;
        foreach (Match token in Regex.Matches(blobPart, @"\{(\w+)\}"))
        {
            regex.Append(Regex.Escape(blobPart[position..token.Index]));
            // The last token may span folders ("{name}" matches "a/b.md"); earlier ones stop at the next literal.
            var isLast = token.Index + token.Length == blobPart.Length;
            regex.Append($"(?<{token.Groups[1].Value}>{(isLast ? ".+" : ".+?")})");
            position = token.Index + token.Length;
        }
        regex.Append(Regex.Escape(blobPart[position..])).Append('$');
        return new BlobPathPattern(container, new Regex(regex.ToString(), RegexOptions.CultureInvariant), path);
    }

    /// <summary>The token values when <paramref name="blobName"/> matches, otherwise null.</summary>
    public IReadOnlyDictionary<string, string>? Match(string blobName)
    {
        var match = _blobName.Match(blobName);
        if (!match.Success)
        {
            return null;
        }
        return _blobName.GetGroupNames()
            .Where(name => !int.TryParse(name, out _))
            .ToDictionary(name => name, name => match.Groups[name].Value);
    }
}
