using System.Security.Cryptography;
using System.Text;
using BudapestPost.DevHost.Hosting;
using BudapestPost.DevHost.Worker;
using Microsoft.Extensions.Options;

namespace BudapestPost.DevHost.Http;

/// <summary>
/// Enforces an HTTP trigger's authLevel as the real host does: the key comes in the <c>code</c> query
/// parameter or the <c>x-functions-key</c> header; "function" accepts the host's function key, the master key or one of
/// that function's own keys (<see cref="DevHostOptions.FunctionKeys"/>), "admin" only the master key.
/// The blob trigger's Event Grid webhook takes the <c>blobs_extension</c> system key (or the master key).
/// </summary>
public sealed class FunctionKeyAuthorizer(IOptions<DevHostOptions> options)
{
    public bool IsAuthorized(HttpRequest request, AuthLevel level, string functionName)
    {
        if (level == AuthLevel.Anonymous)
        {
            return true;
        }
        var presented = PresentedKey(request);
        return Matches(presented, options.Value.MasterKey) ||
               (level == AuthLevel.Function && (Matches(presented, options.Value.FunctionKey) || MatchesOwnKey(presented, functionName)));
    }

    public bool IsBlobsExtensionAuthorized(HttpRequest request)
    {
        var presented = PresentedKey(request);
        return Matches(presented, options.Value.MasterKey) || Matches(presented, options.Value.BlobsExtensionKey);
    }

    private bool MatchesOwnKey(string presented, string functionName) =>
        options.Value.FunctionKeys.TryGetValue(functionName, out var keys) && keys.Values.Any(key => Matches(presented, key));

    private static string PresentedKey(HttpRequest request) =>
        request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault() ?? "";

    private static bool Matches(string presented, string key) =>
        key.Length > 0 && presented.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(key));
}
