using System.Collections.Concurrent;
using System.Reflection;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Configuration;

namespace BudapestPost.Functions.Editors;

/// <summary>
/// The one check of editor routes (<see cref="RequiresRoleAttribute"/>): no signed-in caller is a 401 that points at
/// the sign-in, a caller without the role a 403. For <see cref="AuditedAttribute"/> routes a successful call is recorded
/// before its answer goes out: what was read is not shown unless the log has it (a storage outage then answers 503), and a
/// refused request (4xx) leaves no row, as it changes nothing.
/// </summary>
/// <remarks>
/// The principal is trusted only where App Service authentication is on (<c>WEBSITE_AUTH_ENABLED</c>, which the platform
/// sets, as the DevHost does): there the platform removes any <c>x-ms-client-principal</c> a client sends. Anywhere
/// else the header could be forged, so no caller is signed in.
/// </remarks>
internal sealed class EditorAccessMiddleware(AuditLog audit, ClientAddress clientAddress, IConfiguration configuration) : IFunctionsWorkerMiddleware
{
    public const string SignInPath = "/.auth/login/aad";

    private static readonly ConcurrentDictionary<string, EditorRoute?> Routes = new(StringComparer.Ordinal);

    private readonly bool _platformSignIn = string.Equals(configuration["WEBSITE_AUTH_ENABLED"], "true", StringComparison.OrdinalIgnoreCase);

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var route = Routes.GetOrAdd(context.FunctionDefinition.EntryPoint, EditorRoute.Find);
        if (route is null || context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }

        var caller = route.Role is null ? Caller.FunctionKey : _platformSignIn ? Caller.FromPrincipal(http.Request.Headers) : null;
        if (caller is null || (route.Role is { } role && !caller.Has(role)))
        {
            await AnswerAsync(http, caller is null ? NotSignedIn(http) : Forbidden(route.Role!.Value));
            return;
        }
        http.Features.Set(caller);
        await next(context);

        var result = context.GetInvocationResult();
        if (route.Action is { } action && result.Value is IStatusCodeActionResult { StatusCode: >= 200 and < 300 } answer)
        {
            // Held back while the record is written: should that fail, the 503 goes out instead of the answer.
            result.Value = null;
            await audit.RecordAsync(caller, action, Target(http.Request), clientAddress.Resolve(http.Request), http.RequestAborted);
            result.Value = answer;
        }
    }

    /// <summary>The caller <see cref="EditorAccessMiddleware"/> let through to an editor route.</summary>
    public static Caller CallerOf(HttpRequest request) =>
        request.HttpContext.Features.Get<Caller>() ?? throw new InvalidOperationException("The route is not an editor route.");

    // What was asked of: the path under the API, never the query (a key caller's 'code' is in it).
    private static string Target(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", out var rest) ? rest.Value!.TrimStart('/') : request.Path.Value ?? "";

    private static IActionResult NotSignedIn(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = $"Bearer realm=\"editors\", authorization_uri=\"{SignInPath}\"";
        return Problems.Create(StatusCodes.Status401Unauthorized, "unauthorized", "Sign-in is required.",
            $"Editors sign in with Entra ID at {SignInPath}, then call again.");
    }

    private static IActionResult Forbidden(EditorRole role) =>
        Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "The role is missing.",
            $"This needs the {role} role; ask an administrator of the app registration to assign it.");

    private static Task AnswerAsync(HttpContext http, IActionResult answer) =>
        answer.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));

    /// <summary>A function's access rule, read once from its method's attributes.</summary>
    private sealed record EditorRoute(EditorRole? Role, string? Action)
    {
        public static EditorRoute? Find(string entryPoint)
        {
            var dot = entryPoint.LastIndexOf('.');
            var method = dot < 0 ? null : typeof(EditorRoute).Assembly.GetType(entryPoint[..dot])?
                .GetMethod(entryPoint[(dot + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static);
            var role = method?.GetCustomAttribute<RequiresRoleAttribute>()?.Role;
            var action = method?.GetCustomAttribute<AuditedAttribute>()?.Action;
            return role is null && action is null ? null : new EditorRoute(role, action);
        }
    }
}
