using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenSync.ContractServer.Json;

/// <summary>
/// JSON text as <c>JSON.stringify</c> writes it: non-ASCII stays raw UTF-8. Default escaping would both
/// make replies unlike the backend's and inflate measured document sizes up to six-fold.
/// </summary>
internal static class JsonText
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Utf8(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            if (node is null) writer.WriteNullValue();
            else node.WriteTo(writer);
        }
        return buffer.ToArray();
    }

    public static string Stringify(JsonNode? node) => System.Text.Encoding.UTF8.GetString(Utf8(node));
}
