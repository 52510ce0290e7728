namespace BudapestPost.DevHost.Worker;

/// <summary>The loopback address the worker connects its gRPC stream to.</summary>
public sealed record RpcEndpoint(int Port)
{
    public Uri Uri { get; } = new($"http://127.0.0.1:{Port}/");
}
