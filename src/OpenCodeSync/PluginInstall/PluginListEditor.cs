using System.Text.Json;
using OpenCodeSync.Json;

namespace OpenCodeSync.PluginInstall;

/// <summary>
/// Adds or removes our entry in the <c>"plugin"</c> array of an OpenCode config as text splices, so comments,
/// trailing commas, CRLF line ends and the user's layout survive. Each edit is checked by parsing the result.
/// </summary>
public static class PluginListEditor
{
    /// <summary>The edits that register <paramref name="spec"/>; empty when it (or another accepted form) is already there.</summary>
    /// <exception cref="JsonException">Not JSONC, or <c>"plugin"</c> is not an array.</exception>
    public static List<TextEdit> Add(ReadOnlySpan<byte> text, string spec)
    {
        var map = JsoncMap.Read(text);
        if (map.PluginIsNotArray)
        {
            throw new JsonException("\"plugin\" is not an array");
        }

        if (map.PluginElements.Any(e => e.Spec is not null && PluginRegistrationReader.IsOurs(e.Spec)))
        {
            return [];
        }

        var entry = Quote(spec);
        return map.PluginOpen >= 0
            ? Append(text, map.PluginOpen, map.PluginClose, map.PluginElements, entry)
            : Append(text, map.RootOpen, map.RootClose, map.RootMembers, $"\"plugin\": [{entry}]");
    }

    /// <summary>A JSON string literal; relaxed escaping keeps paths and non-ASCII readable in the user's file.</summary>
    public static string Quote(string value) =>
        "\"" + JsonEncodedText.Encode(value, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";

    /// <summary>The text without any entry of ours (one splice per entry, re-read in between); null when there is none.</summary>
    public static byte[]? RemoveAll(ReadOnlySpan<byte> text)
    {
        byte[]? current = null;
        while (RemoveOne(current ?? text) is { } edits)
        {
            current = TextEdits.Apply(current ?? text, edits);
        }

        return current;
    }

    private static List<TextEdit>? RemoveOne(ReadOnlySpan<byte> text)
    {
        var elements = JsoncMap.Read(text).PluginElements;
        var i = elements.FindLastIndex(e => e.Spec is not null && PluginRegistrationReader.IsOurs(e.Spec));
        return i < 0 ? null : RemoveElement(text, elements[i], i > 0 ? elements[i - 1].End : -1);
    }

    /// <summary>Appends <paramref name="item"/> after the last member, in the container's own layout.</summary>
    private static List<TextEdit> Append(ReadOnlySpan<byte> text, int open, int close, List<JsoncSpan> members, string item)
    {
        if (members.Count == 0)
        {
            return [new TextEdit(open + 1, 0, item)];
        }

        var last = members[^1];
        var comma = TextEdits.CommaBetween(text, last.End, close);
        if (!TextEdits.IsFirstOnLine(text, close))
        {
            // One line: `["a", "b"]` becomes `["a", "b", "ours"]` (a trailing comma stays where it was).
            return [new TextEdit(last.End, 0, ", " + item)];
        }

        // Multi-line: a new line of our own just above the closing bracket, indented like the last member,
        // and a comma after the last member (before any comment on its line) if it has none.
        var line = TextEdits.Indent(text, last.Start) + item + (comma >= 0 ? "," : "") + TextEdits.NewLine(text);
        var edits = new List<TextEdit> { new(TextEdits.LineStart(text, close), 0, line) };
        if (comma < 0)
        {
            edits.Add(new TextEdit(last.End, 0, ","));
        }

        return edits;
    }

    private static List<TextEdit> RemoveElement(ReadOnlySpan<byte> text, JsoncSpan e, int previousEnd)
    {
        var edits = new List<TextEdit>();
        var start = e.Start;
        var end = e.End;
        var after = end;
        while (after < text.Length && text[after] is (byte)' ' or (byte)'\t')
        {
            after++;
        }

        if (after < text.Length && text[after] == (byte)',')
        {
            // Take our own comma with us, and the spaces after it when the next element is on the same line.
            end = after + 1;
            var next = end;
            while (next < text.Length && text[next] is (byte)' ' or (byte)'\t')
            {
                next++;
            }

            if (next < text.Length && text[next] is not ((byte)'\n' or (byte)'\r'))
            {
                end = next;
            }
        }
        else if (previousEnd >= 0 && TextEdits.CommaBetween(text, previousEnd, start) is var comma and >= 0)
        {
            // We were last: the comma before us goes too. With only spaces between, as one splice; otherwise
            // the comma alone, so a comment next to it stays where it is.
            if (TextEdits.IsBlank(text[(comma + 1)..start]) && text[(comma + 1)..start].IndexOf((byte)'\n') < 0)
            {
                start = comma;
            }
            else
            {
                edits.Add(new TextEdit(comma, 1, ""));
            }
        }

        // A line that held only our entry goes away entirely.
        var lineEnd = TextEdits.LineEnd(text, end);
        if (TextEdits.IsFirstOnLine(text, start) && TextEdits.IsBlank(text[end..lineEnd].TrimEnd((byte)'\n')))
        {
            start = TextEdits.LineStart(text, start);
            end = lineEnd;
        }

        edits.Add(new TextEdit(start, end - start, ""));
        return edits;
    }
}
