using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCodeSync.OpenSync;

namespace OpenCodeSync.Recall;

/// <summary>A message's words as recall shows them: what was said, which tools ran and, trimmed, what they returned.</summary>
public static class MessageText
{
    public const int ToolArgsChars = 300;
    public const int ToolResultChars = 600;

    /// <summary>The text parts (a string, or another tool's <c>{text}</c>/<c>{content}</c>), else the message's textContent.</summary>
    public static string Said(MessageRecord m)
    {
        var sb = new StringBuilder();
        foreach (var p in m.Parts ?? [])
        {
            if (p.Type == "text" && PartText.Of(p.Content) is { } t)
                sb.Append(t.TrimEnd()).Append('\n');
        }
        return sb.Length > 0 ? sb.ToString() : m.TextContent is { Length: > 0 } text ? text.TrimEnd() + "\n" : "";
    }

    /// <summary>Said, plus one trimmed line per tool call and result and a mention of files and other parts.</summary>
    public static string Full(MessageRecord m)
    {
        var sb = new StringBuilder();
        var texts = 0;
        foreach (var p in m.Parts ?? [])
        {
            switch (p.Type)
            {
                case "text" when PartText.Of(p.Content) is { } t:
                    sb.Append(t.TrimEnd()).Append('\n');
                    texts++;
                    break;
                case "reasoning":
                    break;
                case "tool-call" when p.Content is JsonObject call:
                    sb.Append("  → tool ").Append(Str(call, "name") ?? "?").Append(' ').Append(Cut(call["args"]?.ToJsonString(Compact) ?? "{}", ToolArgsChars)).Append('\n');
                    break;
                case "tool-result" when p.Content is JsonObject result:
                    var body = result["result"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : result["result"]?.ToJsonString(Compact) ?? "";
                    sb.Append("  ← ").Append(Str(result, "name") ?? "result").Append(": ").Append(Cut(body.Trim(), ToolResultChars).Replace("\n", "\n     ")).Append('\n');
                    break;
                case "file" when p.Content is JsonObject file:
                    sb.Append("  [file] ").Append(Str(file, "filename") ?? Str(file, "url") ?? "?").Append('\n');
                    break;
                default:
                    if (p.Content is not null)
                        sb.Append("  [").Append(p.Type).Append("] ").Append(Cut(p.Content.ToJsonString(Compact), ToolArgsChars)).Append('\n');
                    break;
            }
        }
        if (texts == 0 && m.TextContent is { Length: > 0 } text)
            sb.Insert(0, text.TrimEnd() + "\n");
        return sb.ToString();
    }

    public static string Cut(string text, int max) => text.Length <= max ? text : text[..max] + $" … ({text.Length - max:N0} more chars)";

    private static string? Str(JsonObject o, string key) => PartText.String(o[key]);

    private static readonly JsonSerializerOptions Compact = new(ContractJson.Default.Options) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
