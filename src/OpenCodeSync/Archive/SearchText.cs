using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCodeSync.OpenSync;

namespace OpenCodeSync.Archive;

/// <summary>
/// What of a message the full-text index holds: its text, reasoning, and tool calls' names, inputs and
/// outputs as plain "key: value" lines (JSON punctuation would only clutter snippets).
/// </summary>
public static class SearchText
{
    public static string Of(MessageRecord record)
    {
        var sb = new StringBuilder();
        if (record.Parts is { Count: > 0 } parts)
        {
            foreach (var part in parts)
                AppendPart(sb, part);
        }
        else if (record.TextContent is { Length: > 0 } text)
        {
            sb.Append(text).Append('\n');
        }
        return sb.ToString();
    }

    private static void AppendPart(StringBuilder sb, PartRecord part)
    {
        switch (part.Content)
        {
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                sb.Append(v.GetValue<string>()).Append('\n');
                break;
            case JsonObject o:
                AppendNode(sb, o);
                break;
        }
    }

    private static void AppendNode(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (key == "callID")
                        continue; // an opaque id nobody searches for
                    if (value is JsonValue leaf)
                    {
                        sb.Append(key).Append(": ");
                        AppendLeaf(sb, leaf);
                    }
                    else
                        AppendNode(sb, value);
                }
                break;
            case JsonArray a:
                foreach (var item in a)
                    AppendNode(sb, item);
                break;
            case JsonValue leaf:
                AppendLeaf(sb, leaf);
                break;
        }
    }

    private static void AppendLeaf(StringBuilder sb, JsonValue leaf) =>
        sb.Append(leaf.GetValueKind() == JsonValueKind.String ? leaf.GetValue<string>() : leaf.ToJsonString()).Append('\n');
}
