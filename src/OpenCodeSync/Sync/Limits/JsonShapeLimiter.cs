using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCodeSync.Json;

namespace OpenCodeSync.Sync.Limits;

/// <summary>
/// Rebuilds a JSON tree inside Convex's shape limits: nesting, array length, fields per object, field
/// names, valid UTF-16. What is cut is replaced by a visible marker string, never dropped silently.
/// </summary>
internal static class JsonShapeLimiter
{
    /// <summary>A detached copy of <paramref name="node"/> that nests at most <paramref name="levels"/> containers.</summary>
    public static JsonNode? Limit(JsonNode? node, int levels) => node switch
    {
        null => null,
        JsonObject o => levels <= 0 ? TooDeep() : LimitObject(o, levels),
        JsonArray a => levels <= 0 ? TooDeep() : LimitArray(a, levels),
        JsonValue v => LimitValue(v),
        _ => null,
    };

    /// <summary>A string value of a node, tolerating element-backed values with broken escapes.</summary>
    public static string? StringOf(JsonValue v)
    {
        try
        {
            if (v.TryGetValue<string>(out var s))
                return s;
        }
        catch (InvalidOperationException)
        {
        }
        return v.TryGetValue<JsonElement>(out var e) ? e.AsString() : null;
    }

    private static JsonObject LimitObject(JsonObject o, int levels)
    {
        var result = new JsonObject();
        var kept = 0;
        foreach (var (key, value) in o)
        {
            if (kept == ConvexLimits.MaxFieldsPerObject - 1 && o.Count > ConvexLimits.MaxFieldsPerObject)
            {
                result[Unique(result, "[truncated]")] = $"…[truncated {o.Count - kept} more fields]";
                break;
            }
            result[Unique(result, FieldNames.MakeSafe(key))] = Limit(value, levels - 1);
            kept++;
        }
        return result;
    }

    private static JsonArray LimitArray(JsonArray a, int levels)
    {
        var result = new JsonArray();
        var max = ConvexLimits.MaxArrayItems;
        for (var i = 0; i < a.Count; i++)
        {
            if (i == max - 1 && a.Count > max)
            {
                result.Add((JsonNode?)$"…[truncated {a.Count - i} more items]");
                break;
            }
            result.Add(Limit(a[i], levels - 1));
        }
        return result;
    }

    private static JsonNode? LimitValue(JsonValue v)
    {
        if (v.GetValueKind() == JsonValueKind.String)
            return JsonValue.Create(Utf16.ReplaceLoneSurrogates(StringOf(v) ?? ""));
        return v.DeepClone();
    }

    private static JsonNode TooDeep() =>
        JsonValue.Create($"…[truncated: nested deeper than {ConvexLimits.MaxNesting.ToString(CultureInfo.InvariantCulture)} levels]");

    // Rewritten keys can collide with keys that were already safe; a suffix keeps both values.
    private static string Unique(JsonObject o, string key)
    {
        if (!o.ContainsKey(key))
            return key;
        for (var n = 2; ; n++)
        {
            var candidate = $"{key}~{n}";
            if (!o.ContainsKey(candidate))
                return candidate;
        }
    }
}
