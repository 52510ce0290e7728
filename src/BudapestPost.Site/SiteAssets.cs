using System.Security.Cryptography;
using BudapestPost.Site.Models;

namespace BudapestPost.Site;

/// <summary>
/// The site's static files, embedded in this assembly: the stylesheet, the script and the icons. Each is served
/// under a name carrying a hash of its bytes (<c>site.3f2a1b0c9d.css</c>), so it can be cached for good and a
/// changed file is a new address.
/// </summary>
public static class SiteAssets
{
    public const string PathPrefix = "/assets/";

    public static readonly SiteAsset Stylesheet = Load("site.css", "text/css; charset=utf-8");
    public static readonly SiteAsset Script = Load("site.js", "text/javascript; charset=utf-8");
    public static readonly SiteAsset Icon = Load("favicon.svg", "image/svg+xml");

    /// <summary>The icon browsers ask for at <c>/favicon.ico</c> without being told.</summary>
    public static readonly SiteAsset LegacyIcon = Load("favicon.ico", "image/x-icon");

    public static readonly SiteAssetPaths Paths = new(Stylesheet.Path, Script.Path, Icon.Path);

    private static readonly IReadOnlyDictionary<string, SiteAsset> ByFileName =
        new[] { Stylesheet, Script, Icon, LegacyIcon }.ToDictionary(asset => asset.FileName, StringComparer.Ordinal);

    /// <summary>The asset served as <paramref name="fileName"/> (hash included), or null.</summary>
    public static SiteAsset? Find(string fileName) => ByFileName.GetValueOrDefault(fileName);

    private static SiteAsset Load(string name, string contentType)
    {
        using var stream = typeof(SiteAssets).Assembly.GetManifestResourceStream("BudapestPost.Site.Assets." + name)
            ?? throw new InvalidOperationException($"The asset {name} is not embedded in {typeof(SiteAssets).Assembly.GetName().Name}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 5));
        var dot = name.LastIndexOf('.');
        return new SiteAsset($"{name[..dot]}.{hash}{name[dot..]}", contentType, bytes);
    }
}

/// <summary>One static file: its hashed file name, content type and bytes.</summary>
public sealed record SiteAsset(string FileName, string ContentType, byte[] Bytes)
{
    public string Path => SiteAssets.PathPrefix + FileName;
}
