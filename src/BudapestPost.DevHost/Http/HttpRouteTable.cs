using BudapestPost.DevHost.Worker;
using Microsoft.AspNetCore.Routing;

namespace BudapestPost.DevHost.Http;

/// <summary>The HTTP routes of all indexed functions, most specific first.</summary>
public sealed class HttpRouteTable
{
    private readonly IReadOnlyList<HttpRoute> _routes;

    public HttpRouteTable(IEnumerable<FunctionDescriptor> functions, string routePrefix, IInlineConstraintResolver constraintResolver)
    {
        _routes = functions
            .Where(function => function.Http is not null)
            .Select(function => new HttpRoute(function, routePrefix, constraintResolver))
            .OrderBy(route => route.Precedence)
            .ThenBy(route => route.Template, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public IReadOnlyList<HttpRoute> Routes => _routes;

    public RouteMatch Match(HttpContext? context, string method, PathString path)
    {
        var allowed = new List<string>();
        foreach (var route in _routes)
        {
            if (route.Match(context, path) is not { } values)
            {
                continue;
            }
            if (route.AllowsMethod(method))
            {
                return new RouteMatch(route, values, []);
            }
            allowed.AddRange(route.Function.Http!.Methods);
        }
        return allowed.Count == 0
            ? RouteMatch.NotFound
            : new RouteMatch(null, [], allowed.Distinct(StringComparer.OrdinalIgnoreCase).ToList());
    }
}

/// <summary>The outcome of matching a request: a route with its values, a path known for other methods only, or nothing.</summary>
public sealed record RouteMatch(HttpRoute? Route, RouteValueDictionary Values, IReadOnlyList<string> AllowedMethods)
{
    public static RouteMatch NotFound { get; } = new(null, [], []);

    public bool IsMethodNotAllowed => Route is null && AllowedMethods.Count > 0;
}
