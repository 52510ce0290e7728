using Microsoft.AspNetCore.Routing;

namespace BudapestPost.DevHost.Http;

/// <summary>The outcome of matching a request: a route with its values, a path known for other methods only, or nothing.</summary>
public sealed record RouteMatch(HttpRoute? Route, RouteValueDictionary Values, IReadOnlyList<string> AllowedMethods)
{
    public static RouteMatch NotFound { get; } = new(null, [], []);

    public bool IsMethodNotAllowed => Route is null && AllowedMethods.Count > 0;
}
