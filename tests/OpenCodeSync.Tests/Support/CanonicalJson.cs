using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCodeSync.Json;
using OpenCodeSync.OpenSync;

namespace OpenCodeSync.Tests.Support;

/// <summary>JSON with sorted keys and unescaped text, so expected/actual diffs are readable.</summary>
public static class CanonicalJson
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Of(string json) => Sort(JsonNode.Parse(json))?.ToJsonString(Readable) ?? "null";

    public static string Of(SessionRecord r) => Of(JsonSerializer.Serialize(r, ContractJson.Default.SessionRecord));

    public static string Of(MessageRecord r) => Of(JsonSerializer.Serialize(r, ContractJson.Default.MessageRecord));

    private static JsonNode? Sort(JsonNode? n) => n switch
    {
        JsonObject o => new JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, Sort(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(Sort).ToArray()),
        _ => n?.DeepClone(),
    };
}
