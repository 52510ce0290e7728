using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using BudapestPost.Site.Models;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BudapestPost.Site;

/// <summary>
/// Renders a page component with its model to UTF-8 HTML, on the server, with ASP.NET Core's
/// <see cref="HtmlRenderer"/>. The components inject nothing, so the renderer has a container of its own holding only
/// the encoder: text is escaped for HTML but letters outside ASCII stay letters ("Orbán", not "Orb&amp;#xE1;n").
/// </summary>
public sealed partial class PageRenderer : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly HtmlRenderer _renderer;

    public PageRenderer()
    {
        _services = new ServiceCollection()
            .AddSingleton(HtmlEncoder.Create(UnicodeRanges.All))
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .BuildServiceProvider();
        _renderer = new HtmlRenderer(_services, NullLoggerFactory.Instance);
    }

    /// <summary>The page <typeparamref name="TPage"/> (a component with a <c>Model</c> parameter) as UTF-8 bytes.</summary>
    public Task<byte[]> RenderAsync<TPage>(SitePage model) where TPage : IComponent =>
        _renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await _renderer.RenderComponentAsync<TPage>(
                ParameterView.FromDictionary(new Dictionary<string, object?> { ["Model"] = model }));
            return Encoding.UTF8.GetBytes(VoidElementSlash().Replace(output.ToHtmlString(), "$1>"));
        });

    // HtmlRenderer closes void elements XML-style (<meta ... />); the pages are HTML, where a void element is just its
    // start tag, as the templates write it. Text and attribute values are encoded, so only tags match.
    [GeneratedRegex(@"(<(?:area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)\b[^<>]*?) />", RegexOptions.CultureInvariant)]
    private static partial Regex VoidElementSlash();

    public async ValueTask DisposeAsync()
    {
        await _renderer.DisposeAsync();
        await _services.DisposeAsync();
    }
}
