using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenCodeSync.Json;

/// <summary>Copies event JSON into detached nodes for records, decoding broken string escapes leniently.</summary>
internal static class JsonNodes
{
    /// <summary>Event JSON is allowed to nest deeper than STJ's default 64 so that over-deep tool input is
    /// cut by the record limits instead of failing the whole event.</summary>
    public const int MaxReadDepth = 512;

    public static JsonDocumentOptions DocumentOptions => new() { MaxDepth = MaxReadDepth };

    public static JsonNode? FromElement(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var p in e.EnumerateObject())
                    obj[PropertyName(p, obj.Count)] = FromElement(p.Value);
                return obj;
            case JsonValueKind.Array:
                var arr = new JsonArray();
                foreach (var item in e.EnumerateArray())
                    arr.Add(FromElement(item));
                return arr;
            case JsonValueKind.String:
                return JsonValue.Create(e.AsString() ?? "");
            case JsonValueKind.True:
                return JsonValue.Create(true);
            case JsonValueKind.False:
                return JsonValue.Create(false);
            case JsonValueKind.Number:
                return JsonValue.Create(e.Clone());
            default:
                return null;
        }
    }

    private static string PropertyName(JsonProperty p, int index)
    {
        try
        {
            return p.Name;
        }
        catch (InvalidOperationException)
        {
            return $"~invalid-key-{index}";   // the name's escapes are not valid UTF-16
        }
    }
}
