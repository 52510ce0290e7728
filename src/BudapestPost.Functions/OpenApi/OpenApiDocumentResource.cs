using BudapestPost.Functions.Http;

namespace BudapestPost.Functions.OpenApi;

/// <summary>
/// <c>openapi.json</c> in this folder, embedded in the assembly: kept by hand, checked by tests against
/// the routes the worker indexes and against real responses.
/// </summary>
public static class OpenApiDocumentResource
{
    private const string ResourceName = "BudapestPost.Functions.OpenApi.openapi.json";

    public static string Json { get; } = Read();

    /// <summary>Changes with every edit of the document, so clients and caches revalidate after a deployment.</summary>
    public static string ETag { get; } = HttpCaching.StrongETag(Json);

    private static string Read()
    {
        using var stream = typeof(OpenApiDocumentResource).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The assembly has no resource {ResourceName}; check the EmbeddedResource item of the project.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
