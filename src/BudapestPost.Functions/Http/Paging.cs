using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace BudapestPost.Functions.Http;

/// <summary>The <c>limit</c> query parameter every paged listing takes.</summary>
public static class Paging
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>Reads <c>limit</c> (default 20, 1–100); on a bad value gives the 400 to answer instead.</summary>
    public static bool TryReadLimit(HttpRequest request, out int limit, [NotNullWhen(false)] out IActionResult? problem)
    {
        problem = null;
        limit = DefaultLimit;
        if (request.Query.TryGetValue("limit", out var text) &&
            (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            problem = Problems.Validation("limit", $"Must be a whole number from 1 to {MaxLimit}.");
            return false;
        }
        return true;
    }
}
