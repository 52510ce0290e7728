using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BudapestPost.Infra.Tests.Arm;

public static class JsonText
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The node as JSON with quotes in expressions left readable (no \u0027).</summary>
    public static string Of(JsonNode? node) => node?.ToJsonString(Readable) ?? "null";
}
