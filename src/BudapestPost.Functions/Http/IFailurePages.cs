using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.Functions.Http;

/// <summary>
/// How a failed HTTP function answers when it serves people rather than programs: the website's pages answer a
/// storage outage or a failure with a page of the site instead of problem+json. Asked by
/// <see cref="ExceptionHandlingMiddleware"/>, which stays the one place failures become answers.
/// </summary>
public interface IFailurePages
{
    /// <summary>The page to answer with, or null when the function answers problem+json.</summary>
    Task<IActionResult?> AnswerAsync(FunctionContext context, bool storageUnavailable, TimeSpan retryAfter);
}
