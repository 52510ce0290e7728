using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Features;
using System.Diagnostics;
using System.Text.Json;
using BudapestPost.DevHost.Hosting;
using BudapestPost.DevHost.Rpc;
using BudapestPost.DevHost.Worker;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace BudapestPost.DevHost.Http;

/// <summary>
/// Answers client requests for HTTP functions the way the host does with ASP.NET Core integration: match the
/// route and method, check the key, then send an InvocationRequest and forward the request itself to the
/// worker's HttpUri tagged with <c>x-ms-invocation-id</c>, streaming the worker's response back.
/// </summary>
public sealed class FunctionHttpHandler(
    WorkerSupervisor supervisor,
    FunctionKeyAuthorizer authorizer,
    IHttpClientFactory httpClients,
    FunctionInvoker invoker,
    DevSignIn signIn,
    IOptions<DevHostOptions> options,
    ILogger<FunctionHttpHandler> logger)
{
    public const string ForwarderClient = "worker";
    private const string ForwardedForHeader = "X-Forwarded-For";

    private const string InvocationIdHeader = "x-ms-invocation-id";

    private static readonly HashSet<string> HopByHopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Host",
    };

    // Set by the host or the App Service front end, never by a client: a client's copy would confuse the worker
    // (two invocation ids) or impersonate a signed-in user (the principal comes from the session, see DevSignIn).
    private static readonly string[] HostReservedHeaderPrefixes = [InvocationIdHeader, DevSignIn.PrincipalHeader];

    public async Task HandleAsync(HttpContext context)
    {
        var catalog = supervisor.Session?.Catalog ?? supervisor.LastCatalog;
        if (catalog is null)
        {
            await WorkerUnavailableAsync(context);
            return;
        }

        var match = catalog.Routes.Match(context, context.Request.Method, context.Request.Path);
        if (match.IsMethodNotAllowed)
        {
            context.Response.Headers.Allow = string.Join(", ", match.AllowedMethods);
            await Problems.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "method-not-allowed", "Method not allowed",
                $"{context.Request.Method} is not allowed here.");
            return;
        }
        if (match.Route is not { } route)
        {
            await Problems.WriteAsync(context, StatusCodes.Status404NotFound, "not-found", "Not found",
                "No function answers this path.");
            return;
        }
        if (!authorizer.IsAuthorized(context.Request, route.Function.Http!.AuthLevel, route.Function.Name))
        {
            await Problems.WriteAsync(context, StatusCodes.Status401Unauthorized, "unauthorized", "Unauthorized",
                "This function needs a key in the 'code' query parameter or the 'x-functions-key' header.");
            return;
        }

        if (InvalidHeader(context.Request.Headers) is { } header)
        {
            await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid-header", "Invalid header",
                $"The value of the '{header}' header is not printable ASCII.");
            return;
        }

        var session = supervisor.Session;
        if (session?.HttpUri is null || session.Catalog.Find(route.Function.Name) is not { } function)
        {
            await WorkerUnavailableAsync(context);
            return;
        }
        await InvokeAsync(context, session, function, match.Values);
    }

    private async Task InvokeAsync(HttpContext context, WorkerSession session, FunctionDescriptor function, RouteValueDictionary routeValues)
    {
        var invocationId = Guid.NewGuid().ToString();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(options.Value.FunctionTimeout);

        // The worker expects the invocation within seconds of the forwarded request, so it goes first. It has a
        // deadline of its own: a request the worker's web server refuses never starts the function, and its
        // invocation must not wait forever.
        var invocationDeadline = new CancellationTokenSource(options.Value.FunctionTimeout);
        using var cancelOnAbort = context.RequestAborted.Register(invocationDeadline.Cancel);
        var invocation = session.Channel.InvokeAsync(
            BuildInvocation(context, function, invocationId, routeValues), function.Name, invocationDeadline.Token);
        _ = CompleteInvocationAsync(invocation, function, invocationId);

        using var forward = BuildForwardRequest(context, session.HttpUri!, invocationId);
        foreach (var (name, value) in signIn.PrincipalHeaders(context.Request))
        {
            forward.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await ForwardAsync(context, session, function, invocationId, forward, timeout, invocationDeadline);
        if (response is null)
        {
            return;
        }
        context.Response.StatusCode = (int)response.StatusCode;
        CopyHeaders(response.Headers, context.Response.Headers);
        CopyHeaders(response.Content.Headers, context.Response.Headers);
        await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        await body.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    /// <summary>
    /// Sends the request on to the worker and returns its response's headers; null when there is nothing to copy back
    /// (the client went away, or it has been answered: timeout, unreadable body, worker gone).
    /// </summary>
    private async Task<HttpResponseMessage?> ForwardAsync(HttpContext context, WorkerSession session, FunctionDescriptor function,
        string invocationId, HttpRequestMessage forward, CancellationTokenSource timeout, CancellationTokenSource invocationDeadline)
    {
        try
        {
            var send = httpClients.CreateClient(ForwarderClient).SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (await Task.WhenAny(send, session.Channel.Disconnected) != send)
            {
                // The worker died under the request (a shutting-down worker may hold it open for a while).
                await timeout.CancelAsync();
                await send.ContinueWith(task => task.Exception, TaskScheduler.Default);
                throw new HttpRequestException("The worker disconnected.");
            }
            return await send;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("{Function} ({InvocationId}) timed out after {Timeout}", function.Name, invocationId, options.Value.FunctionTimeout);
            await Problems.WriteAsync(context, StatusCodes.Status504GatewayTimeout, "function-timeout", "Function timed out",
                $"{function.Name} did not answer within {options.Value.FunctionTimeout}.");
            return null;
        }
        catch (HttpRequestException exception) when (IsBadClientBody(exception))
        {
            await invocationDeadline.CancelAsync();
            await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid-body", "Invalid request body",
                "The request body could not be read (malformed chunked encoding or a length that does not match).");
            return null;
        }
        catch (HttpRequestException exception)
        {
            await invocationDeadline.CancelAsync();
            logger.LogWarning("{Function} ({InvocationId}) could not be reached: {Reason}", function.Name, invocationId, exception.Message);
            await WorkerUnavailableAsync(context);
            return null;
        }
    }

    private static InvocationRequest BuildInvocation(
        HttpContext context, FunctionDescriptor function, string invocationId, RouteValueDictionary routeValues)
    {
        var request = new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = function.Id,
            TraceContext = new RpcTraceContext { TraceParent = Activity.Current?.Id ?? "" },
        };
        request.InputData.Add(new ParameterBinding
        {
            Name = function.Http!.Name,
            Data = new TypedData { Http = new RpcHttp { Method = context.Request.Method, Url = context.Request.GetDisplayUrl() } },
        });

        // Function parameters bound by name (e.g. "string slug") read these, not the worker's own routing.
        var query = context.Request.Query.ToDictionary(pair => pair.Key, pair => pair.Value.ToString());
        foreach (var (name, value) in query)
        {
            request.TriggerMetadata[name] = new TypedData { String = value };
        }
        foreach (var (name, value) in routeValues)
        {
            request.TriggerMetadata[name] = new TypedData { String = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "" };
        }
        request.TriggerMetadata["Query"] = new TypedData { Json = JsonSerializer.Serialize(query) };
        return request;
    }

    private static HttpRequestMessage BuildForwardRequest(HttpContext context, Uri workerUri, string invocationId)
    {
        // The request target exactly as the client sent it: re-encoding the decoded path would turn %2500 into %00.
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var target = new Uri(workerUri, rawTarget is ['/', ..]
            ? rawTarget
            : context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent());
        var forward = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            forward.Content = new StreamContent(context.Request.Body);
        }
        else if (context.Request.ContentLength == 0 || context.Request.ContentType is not null)
        {
            // An empty body keeps its Content-Type, so the function can tell "empty JSON" (400) from "not JSON" (415).
            forward.Content = new ByteArrayContent([]);
        }
        foreach (var (name, values) in context.Request.Headers)
        {
            if (HopByHopHeaders.Contains(name) || IsHostReserved(name) ||
                string.Equals(name, ForwardedForHeader, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (!forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                forward.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
        // As App Service's front end does in Azure, the connection's address goes rightmost in X-Forwarded-For;
        // the worker's forwarded-headers handling turns that entry into its RemoteIpAddress.
        var forwardedFor = string.Join(", ", context.Request.Headers[ForwardedForHeader]
            .Append(context.Connection.RemoteIpAddress?.ToString()).Where(value => !string.IsNullOrEmpty(value)));
        forward.Headers.TryAddWithoutValidation(ForwardedForHeader, forwardedFor);
        forward.Headers.TryAddWithoutValidation(InvocationIdHeader, invocationId);
        return forward;
    }

    private static bool IsHostReserved(string header) =>
        HostReservedHeaderPrefixes.Any(prefix => header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>The first header whose value the worker's HTTP client cannot send: only printable ASCII and tabs go on the wire.</summary>
    private static string? InvalidHeader(IHeaderDictionary headers)
    {
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                if (value is not null && value.Any(c => c is (< ' ' and not '\t') or > '~'))
                {
                    return name;
                }
            }
        }
        return null;
    }

    /// <summary>Kestrel failed reading the client's body (bad chunking, short body): the client's fault, not the worker's.</summary>
    private static bool IsBadClientBody(Exception exception)
    {
        for (Exception? inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is BadHttpRequestException)
            {
                return true;
            }
        }
        return false;
    }

    private static void CopyHeaders(System.Net.Http.Headers.HttpHeaders from, IHeaderDictionary to)
    {
        foreach (var (name, values) in from)
        {
            if (!HopByHopHeaders.Contains(name))
            {
                to[name] = values.ToArray();
            }
        }
    }

    private static Task WorkerUnavailableAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "2";
        return Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "worker-unavailable", "Worker unavailable",
            "The function worker is starting or restarting; try again shortly.");
    }

    /// <summary>Logs a failed invocation and writes the outputs (queue messages) of a successful one, after the response.</summary>
    private async Task CompleteInvocationAsync(Task<InvocationResponse> invocation, FunctionDescriptor function, string invocationId)
    {
        try
        {
            var response = await invoker.CompleteAsync(function, await invocation, CancellationToken.None);
            if (!FunctionInvoker.IsSuccess(response))
            {
                logger.LogError("{Function} ({InvocationId}) failed: {Error}", function.Name, invocationId, FunctionInvoker.Error(response));
            }
        }
        catch (Exception exception) when (exception is WorkerUnavailableException or OperationCanceledException)
        {
            logger.LogWarning("{Function} ({InvocationId}) got no result: {Reason}", function.Name, invocationId, exception.Message);
        }
    }
}
