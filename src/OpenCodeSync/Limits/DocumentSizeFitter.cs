using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCodeSync.Json;
using OpenCodeSync.OpenSync;

namespace OpenCodeSync.Limits;

/// <summary>
/// Shrinks a message that would exceed the document limit by truncating its largest strings first (a
/// 1.5 MB tool output loses its tail; short texts stay whole), each cut marked <c>…[truncated N bytes]</c>.
/// </summary>
internal static class DocumentSizeFitter
{
    private const int MarkerBytes = 40;   // upper bound of the marker, JSON-escaped
    private const int MaxRounds = 8;

    public static MessageRecord Fit(MessageRecord record, int budget)
    {
        var size = Measure(record);
        if (size <= budget)
            return record;

        // Work on private copies so the caller's record and nodes are never mutated.
        var parts = record.Parts?.Select(p => new PartRecord(p.Type, p.Content.DeepClone())).ToList() ?? [];
        var text = record.TextContent;
        var slots = new List<Slot>();
        if (text is not null)
            slots.Add(new Slot(text, s => text = s));
        for (var i = 0; i < parts.Count; i++)
        {
            var index = i;
            if (parts[i].Content is JsonValue v && JsonShapeLimiter.StringOf(v) is { } s)
                slots.Add(new Slot(s, t => parts[index] = parts[index] with { Content = JsonValue.Create(t) }));
            else
                Collect(parts[i].Content, slots);
        }

        for (var round = 0; round < MaxRounds && size > budget && slots.Count > 0; round++)
        {
            // Widths are estimates of the serializer's escaping; if a round falls short, the next cuts more.
            var cap = CapFor(slots, size - budget);
            foreach (var slot in slots)
            {
                if (slot.Width > cap + MarkerBytes)
                    slot.Set(Truncate(slot.Original, cap, slot.OriginalUtf8));
            }
            size = Measure(record with { TextContent = text, Parts = parts });
        }
        return record with { TextContent = text, Parts = parts };
    }

    public static long Measure(MessageRecord r) =>
        JsonSerializer.SerializeToUtf8Bytes(r, ContractJson.Default.MessageRecord).LongLength;

    // The largest cap such that cutting every longer string down to it saves at least `toSave` bytes.
    private static long CapFor(List<Slot> slots, long toSave)
    {
        long lo = 0, hi = slots.Max(s => s.Width);
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (Savings(slots, mid) >= toSave)
                lo = mid;
            else
                hi = mid - 1;
        }
        return lo;
    }

    private static long Savings(List<Slot> slots, long cap)
    {
        long saved = 0;
        foreach (var s in slots)
        {
            if (s.Width > cap + MarkerBytes)
                saved += s.Width - cap - MarkerBytes;
        }
        return saved;
    }

    // Keeps the longest prefix whose serialized width fits `maxWidth`; N in the marker counts UTF-8 bytes.
    private static string Truncate(string s, long maxWidth, long originalUtf8)
    {
        long width = 0, keptUtf8 = 0;
        var end = 0;
        while (end < s.Length)
        {
            var pair = char.IsHighSurrogate(s[end]) && end + 1 < s.Length && char.IsLowSurrogate(s[end + 1]);
            var w = pair ? 12 : EscapedWidth(s[end]);
            if (width + w > maxWidth)
                break;
            width += w;
            keptUtf8 += pair ? 4 : s[end] < 0x80 ? 1 : s[end] < 0x800 ? 2 : 3;
            end += pair ? 2 : 1;
        }
        return string.Concat(s.AsSpan(0, end), $"…[truncated {(originalUtf8 - keptUtf8).ToString(CultureInfo.InvariantCulture)} bytes]");
    }

    /// <summary>Bytes one UTF-16 unit takes in JSON written with the default (HTML-safe) encoder.</summary>
    private static int EscapedWidth(char c) => c switch
    {
        '\\' or '\n' or '\r' or '\t' or '\b' or '\f' => 2,
        '"' or '<' or '>' or '&' or '\'' or '+' or '`' => 6,
        < ' ' or > '~' => 6,
        _ => 1,
    };

    private static long WidthOf(string s)
    {
        long w = 0;
        foreach (var c in s)
            w += EscapedWidth(c);
        return w;
    }

    private static void Collect(JsonNode? node, List<Slot> slots)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(kv => kv.Key).ToList())
                {
                    if (o[key] is JsonValue v && JsonShapeLimiter.StringOf(v) is { } s)
                        slots.Add(new Slot(s, t => o[key] = t));
                    else
                        Collect(o[key], slots);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var index = i;
                    if (a[i] is JsonValue v && JsonShapeLimiter.StringOf(v) is { } s)
                        slots.Add(new Slot(s, t => a[index] = t));
                    else
                        Collect(a[i], slots);
                }
                break;
        }
    }

    private sealed class Slot(string original, Action<string> set)
    {
        public string Original { get; } = original;

        public long OriginalUtf8 { get; } = Encoding.UTF8.GetByteCount(original);

        /// <summary>Serialized width of the current value.</summary>
        public long Width { get; private set; } = WidthOf(original);

        public void Set(string value)
        {
            set(value);
            Width = WidthOf(value);
        }
    }
}
