using Microsoft.AspNetCore.Mvc;

namespace BudapestPost.DevHost.Http;

/// <summary>RFC 9457 problem responses for what the DevHost answers itself.</summary>
public static class Problems
{
    public static Task WriteAsync(HttpContext context, int status, string code, string title, string? detail = null)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails
        {
            Type = "urn:budapest-post:problem:" + code,
            Title = title,
            Status = status,
            Detail = detail,
            Instance = context.Request.Path,
        };
        return context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json");
    }
}
