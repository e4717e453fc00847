using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using OpenSync.ContractServer.Validation;

namespace OpenSync.ContractServer.Json;

/// <summary>
/// Parses a request body the way the backend sees it (JS <c>JSON.parse</c>: duplicate keys, last wins;
/// numbers are doubles), but refuses what Convex cannot store: strings with lone surrogates and bytes
/// that are not UTF-8. System.Text.Json would throw or substitute on those, so they are checked on the
/// raw token before any string is materialized.
/// </summary>
internal static class StrictJsonParser
{
    private const int MaxReaderDepth = 128;

    public static JsonNode? Parse(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxReaderDepth });
        try
        {
            if (!reader.Read()) throw new ContractException("Error: SyntaxError: Unexpected end of JSON input");
            var root = ReadValue(ref reader, "");
            if (reader.Read()) throw new ContractException("Error: SyntaxError: Unexpected non-whitespace character after JSON");
            return root;
        }
        catch (JsonException e)
        {
            throw new ContractException($"Error: SyntaxError: {e.Message}");
        }
    }

    private static JsonNode? ReadValue(ref Utf8JsonReader reader, string path)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new JsonObject();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var key = ReadString(ref reader, path + ".<key>");
                    reader.Read();
                    obj[key] = ReadValue(ref reader, $"{path}.{key}");
                }
                return obj;
            case JsonTokenType.StartArray:
                var arr = new JsonArray();
                var i = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    arr.Add(ReadValue(ref reader, $"{path}[{i++}]"));
                return arr;
            case JsonTokenType.String:
                return JsonValue.Create(ReadString(ref reader, path));
            case JsonTokenType.Number:
                if (!reader.TryGetDouble(out var d) || !double.IsFinite(d))
                    throw new ContractException($"Error: number out of range at {Where(path)}");
                return JsonValue.Create(d);
            case JsonTokenType.True: return JsonValue.Create(true);
            case JsonTokenType.False: return JsonValue.Create(false);
            case JsonTokenType.Null: return null;
            default:
                throw new ContractException($"Error: SyntaxError: unexpected token {reader.TokenType}");
        }
    }

    private static string ReadString(ref Utf8JsonReader reader, string path)
    {
        var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
        if (!Utf8.IsValid(raw))
            throw new ContractException($"Error: string at {Where(path)} is not valid UTF-8");
        if (reader.ValueIsEscaped && FindLoneSurrogate(raw) is { } unit)
            throw new ContractException(
                $"Error: Invalid UTF-16 string at {Where(path)}: lone surrogate \\u{unit:x4} (strings must be valid UTF-16)");
        return reader.GetString()!;
    }

    /// <summary>Scans <c>\uXXXX</c> escapes in the raw token; returns the first unpaired surrogate.</summary>
    internal static int? FindLoneSurrogate(ReadOnlySpan<byte> raw)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != (byte)'\\') continue;
            if (i + 1 < raw.Length && raw[i + 1] != (byte)'u') { i++; continue; }
            var unit = Hex(raw, i + 2);
            i += 5;
            if (char.IsLowSurrogate((char)unit)) return unit;
            if (!char.IsHighSurrogate((char)unit)) continue;
            var hasLow = i + 6 < raw.Length && raw[i + 1] == (byte)'\\' && raw[i + 2] == (byte)'u'
                && char.IsLowSurrogate((char)Hex(raw, i + 3));
            if (!hasLow) return unit;
            i += 6;
        }
        return null;
    }

    private static int Hex(ReadOnlySpan<byte> raw, int at) =>
        at + 4 <= raw.Length
            ? int.Parse(System.Text.Encoding.ASCII.GetString(raw.Slice(at, 4)), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : 0;

    private static string Where(string path) => path.Length == 0 ? "(root)" : path;
}
