using System.Text.Json;
using OpenCodeSync.Json;

namespace OpenCodeSync.Hook;

/// <summary>
/// Cuts hook input into candidate events: normally one JSON value per line (what the plugin sends), but a
/// pretty-printed event spanning lines is recognised and kept whole (the journal minifies it).
/// </summary>
public static class EventSplitter
{
    public static List<ReadOnlyMemory<byte>> Split(ReadOnlyMemory<byte> input)
    {
        var events = new List<ReadOnlyMemory<byte>>(1);
        var span = input.Span;
        var pos = 0;
        while (pos < span.Length)
        {
            var newline = span[pos..].IndexOf((byte)'\n');
            var lineEnd = newline < 0 ? span.Length : pos + newline;
            var next = newline < 0 ? span.Length : lineEnd + 1;
            var raw = span[pos..lineEnd];
            var line = raw.Trim(" \t\r"u8);
            if (line.IsEmpty)
            {
                pos = next;
                continue;
            }

            // A one-line event ends with '}'; a line that opens an object without closing it may be the start
            // of a pretty-printed one. Only then is a multi-line parse attempted (never on the hot path).
            if (line[0] == (byte)'{' && line[^1] != (byte)'}' && next < span.Length
                && TryMultiLineValue(span[pos..], out var consumed))
            {
                events.Add(input.Slice(pos, consumed));
                pos += consumed;
                continue;
            }

            var start = pos + (raw.Length - raw.TrimStart(" \t\r"u8).Length);
            events.Add(input.Slice(start, line.Length));
            pos = next;
        }

        return events;
    }

    private static bool TryMultiLineValue(ReadOnlySpan<byte> rest, out int consumed)
    {
        consumed = 0;
        try
        {
            var reader = new Utf8JsonReader(rest, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = JsonNodes.MaxReadDepth, AllowMultipleValues = true });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();
            consumed = (int)reader.BytesConsumed;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
