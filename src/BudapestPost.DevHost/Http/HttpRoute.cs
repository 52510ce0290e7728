using BudapestPost.DevHost.Worker;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace BudapestPost.DevHost.Http;

/// <summary>One HTTP function's route, parsed and matched with ASP.NET Core's own template matcher and constraints.</summary>
public sealed class HttpRoute
{
    private readonly TemplateMatcher _matcher;
    private readonly IReadOnlyList<(string Parameter, IRouteConstraint Constraint)> _constraints;

    public HttpRoute(FunctionDescriptor function, string routePrefix, IInlineConstraintResolver constraintResolver)
    {
        var http = function.Http ?? throw new ArgumentException($"{function.Name} has no HTTP trigger.", nameof(function));
        Function = function;
        Template = string.Join('/', new[] { routePrefix, http.Route.Trim('/') }.Where(part => part.Length > 0));

        var template = TemplateParser.Parse(Template);
        var defaults = new RouteValueDictionary();
        var constraints = new List<(string, IRouteConstraint)>();
        foreach (var parameter in template.Parameters)
        {
            if (parameter.DefaultValue is not null)
            {
                defaults[parameter.Name!] = parameter.DefaultValue;
            }
            foreach (var inline in parameter.InlineConstraints)
            {
                var constraint = constraintResolver.ResolveConstraint(inline.Constraint)
                    ?? throw new InvalidOperationException($"Unknown route constraint '{inline.Constraint}' in {Template}.");
                constraints.Add((parameter.Name!, parameter.IsOptional ? new Microsoft.AspNetCore.Routing.Constraints.OptionalRouteConstraint(constraint) : constraint));
            }
        }
        _matcher = new TemplateMatcher(template, defaults);
        _constraints = constraints;
        Precedence = RoutePrecedence.ComputeInbound(template);
    }

    public FunctionDescriptor Function { get; }
    public string Template { get; }

    /// <summary>Lower is more specific: literal segments before constrained parameters before plain ones.</summary>
    public decimal Precedence { get; }

    public bool AllowsMethod(string method) =>
        Function.Http!.Methods.Count == 0 || Function.Http.Methods.Contains(method, StringComparer.OrdinalIgnoreCase);

    public RouteValueDictionary? Match(HttpContext? context, PathString path)
    {
        var values = new RouteValueDictionary();
        if (!_matcher.TryMatch(path, values))
        {
            return null;
        }
        foreach (var (parameter, constraint) in _constraints)
        {
            if (!constraint.Match(context, null, parameter, values, RouteDirection.IncomingRequest))
            {
                return null;
            }
        }
        return values;
    }
}
