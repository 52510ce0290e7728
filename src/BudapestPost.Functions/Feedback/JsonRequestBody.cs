using BudapestPost.Core.Feedback;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace BudapestPost.Functions.Feedback;

/// <summary>The checks every feedback request body passes before it is parsed: JSON media type (415), size (413).</summary>
public static class JsonRequestBody
{
    /// <summary>Returns the body, or the problem to answer with instead.</summary>
    public static async Task<(byte[]? Body, IActionResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!RequestBody.HasMediaType(request, "application/json"))
        {
            return (null, Problems.UnsupportedMediaType("application/json"));
        }
        var body = await RequestBody.ReadBoundedAsync(request, FeedbackLimits.BodyMaxBytes, cancellationToken);
        return body is null ? (null, Problems.PayloadTooLarge(FeedbackLimits.BodyMaxBytes)) : (body, null);
    }
}
