using System.Text.Json.Nodes;

namespace OpenCodeSync.OpenSync;

/// <summary>The text of a <c>text</c> part: a string (this tool), or another tool's <c>{text}</c> / <c>{content}</c>.</summary>
public static class PartText
{
    public static string? Of(JsonNode? content) =>
        String(content) ?? (content is JsonObject o ? String(o["text"]) ?? String(o["content"]) : null);

    public static string? String(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
