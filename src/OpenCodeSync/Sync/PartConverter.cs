using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCodeSync.Json;
using OpenCodeSync.OpenSync;

namespace OpenCodeSync.Sync;

/// <summary>
/// OpenCode parts → OpenSync parts. Bookkeeping parts (step-start/finish, snapshot, patch, agent, retry,
/// compaction) carry nothing a reader of the conversation needs and are not sent.
/// </summary>
internal static class PartConverter
{
    public static void Append(PartSnapshot part, RecordOptions options, List<PartRecord> into)
    {
        var p = part.Json;
        switch (part.Type)
        {
            case "text" when IsVisibleText(p):
                into.Add(new PartRecord("text", JsonValue.Create(p.Str("text")!)));
                break;
            case "reasoning" when options.IncludeReasoning && p.Str("text") is { Length: > 0 } thought:
                into.Add(new PartRecord("reasoning", JsonValue.Create(thought)));
                break;
            case "tool":
                AppendTool(p, options, into);
                break;
            case "file" when options.IncludeFiles:
                into.Add(new PartRecord("file", File(p)));
                break;
            case "subtask":
                into.Add(new PartRecord("subtask", Pick(p, "description", "agent", "prompt")));
                break;
        }
    }

    /// <summary>Text the user or model actually wrote: not injected (synthetic), not ignored, not empty.</summary>
    public static bool IsVisibleText(JsonElement textPart) =>
        textPart.Str("text") is { Length: > 0 } &&
        textPart.Get("synthetic") is not { ValueKind: JsonValueKind.True } &&
        textPart.Get("ignored") is not { ValueKind: JsonValueKind.True };

    private static void AppendTool(JsonElement p, RecordOptions options, List<PartRecord> into)
    {
        var name = p.Str("tool") ?? "unknown";
        var callId = p.Str("callID");
        var state = p.Get("state") ?? default;
        var args = state.Get("input") is { ValueKind: JsonValueKind.Object or JsonValueKind.Array } input
            ? JsonNodes.FromElement(input)
            : new JsonObject();
        into.Add(new PartRecord("tool-call", new JsonObject
        {
            ["name"] = name,
            ["callID"] = callId,
            ["args"] = args,
        }.WithoutNulls()));

        var status = state.Str("status");
        if (status is not ("completed" or "error"))
            return;
        var result = new JsonObject
        {
            ["name"] = name,
            ["callID"] = callId,
            ["status"] = status,
            ["title"] = state.Str("title"),
        };
        if (status == "error")
            result["error"] = state.Get("error") is { } error ? JsonNodes.FromElement(error) : null;
        else if (options.IncludeToolOutput)
            result["result"] = state.Get("output") is { } output ? JsonNodes.FromElement(output) : null;
        into.Add(new PartRecord("tool-result", result.WithoutNulls()));
    }

    private static JsonObject File(JsonElement p)
    {
        var content = new JsonObject { ["filename"] = p.Str("filename"), ["mime"] = p.Str("mime") };
        var url = p.Str("url");
        // Inline data can be megabytes of base64 and is the user's file content: never upload it.
        if (url is not null && url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            content["omitted"] = $"inline data URL ({url.Length} chars)";
        else
            content["url"] = url;
        return content.WithoutNulls();
    }

    private static JsonObject Pick(JsonElement p, params ReadOnlySpan<string> names)
    {
        var o = new JsonObject();
        foreach (var n in names)
            o[n] = p.Str(n);
        return o.WithoutNulls();
    }

    private static JsonObject WithoutNulls(this JsonObject o)
    {
        foreach (var key in o.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList())
            o.Remove(key);
        return o;
    }
}
