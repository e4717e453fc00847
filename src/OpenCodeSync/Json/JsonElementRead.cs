using System.Text;
using System.Text.Json;

namespace OpenCodeSync.Json;

/// <summary>
/// Tolerant reads from event JSON: a missing member, a wrong kind or a broken escape gives null instead of
/// an exception, because one odd event must never stop the hook.
/// </summary>
internal static class JsonElementRead
{
    public static JsonElement? Get(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : null;

    public static JsonElement? Get(this JsonElement e, string name, string name2) => e.Get(name)?.Get(name2);

    public static JsonElement? Get(this JsonElement? e, string name) => e?.Get(name);

    public static string? Str(this JsonElement e, string name) => e.Get(name).AsString();

    public static string? Str(this JsonElement e, string name, string name2) => e.Get(name, name2).AsString();

    public static long? Long(this JsonElement e, string name) => e.Get(name).AsLong();

    public static long? Long(this JsonElement e, string name, string name2) => e.Get(name, name2).AsLong();

    public static double? Double(this JsonElement e, string name) =>
        e.Get(name) is { ValueKind: JsonValueKind.Number } v && v.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;

    public static bool Has(this JsonElement e, string name) =>
        e.Get(name) is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) };

    public static long? AsLong(this JsonElement? e)
    {
        if (e is not { ValueKind: JsonValueKind.Number } v)
            return null;
        if (v.TryGetInt64(out var l))
            return l;
        return v.TryGetDouble(out var d) && double.IsFinite(d) && Math.Abs(d) < 9e18 ? (long)Math.Round(d) : null;
    }

    /// <summary>A string value; a lone-surrogate escape (which STJ refuses to decode) becomes U+FFFD.</summary>
    public static string? AsString(this JsonElement? e)
    {
        if (e is not { ValueKind: JsonValueKind.String } v)
            return null;
        try
        {
            return v.GetString();
        }
        catch (InvalidOperationException)
        {
            return UnescapeLeniently(v.GetRawText());
        }
    }

    public static string? AsString(this JsonElement e) => ((JsonElement?)e).AsString();

    // Decodes a quoted JSON string whose escapes may form invalid UTF-16.
    private static string UnescapeLeniently(string quoted)
    {
        var sb = new StringBuilder(quoted.Length);
        for (var i = 1; i < quoted.Length - 1; i++)
        {
            var c = quoted[i];
            if (c != '\\' || i + 1 >= quoted.Length - 1)
            {
                sb.Append(c);
                continue;
            }
            var esc = quoted[++i];
            switch (esc)
            {
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'u' when i + 4 < quoted.Length - 1 &&
                              ushort.TryParse(quoted.AsSpan(i + 1, 4), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var code):
                    sb.Append((char)code);
                    i += 4;
                    break;
                default: sb.Append(esc); break;
            }
        }
        return Utf16.ReplaceLoneSurrogates(sb.ToString());
    }
}
