using BudapestPost.DevHost.Http;

namespace BudapestPost.DevHost.Worker;

/// <summary>The functions the worker indexed, with their HTTP routes.</summary>
public sealed record FunctionCatalog(IReadOnlyList<FunctionDescriptor> Functions, HttpRouteTable Routes)
{
    public FunctionDescriptor? Find(string name) =>
        Functions.FirstOrDefault(function => string.Equals(function.Name, name, StringComparison.OrdinalIgnoreCase));
}
