using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCodeSync.Json;

namespace OpenCodeSync.Limits;

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
        // Keys that are already safe keep their names; only rewritten keys may need a suffix.
        var taken = new HashSet<string>(o.Select(kv => kv.Key).Where(FieldNames.IsSafe), StringComparer.Ordinal);
        var kept = 0;
        foreach (var (key, value) in o)
        {
            if (kept == ConvexLimits.MaxFieldsPerObject - 1 && o.Count > ConvexLimits.MaxFieldsPerObject)
            {
                result[Unique(taken, "[truncated]", alreadySafe: false)] = $"…[truncated {o.Count - kept} more fields]";
                break;
            }
            result[Unique(taken, key, FieldNames.IsSafe(key))] = Limit(value, levels - 1);
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

    private static string Unique(HashSet<string> taken, string key, bool alreadySafe)
    {
        if (alreadySafe)
            return key;
        var safe = FieldNames.MakeSafe(key);
        var candidate = safe;
        for (var n = 2; !taken.Add(candidate); n++)
            candidate = $"{safe}~{n.ToString(CultureInfo.InvariantCulture)}";
        return candidate;
    }
}
