using System.Text.Json;
using OpenCodeSync.Json;
using OpenCodeSync.OpenCode;

namespace OpenCodeSync.Sync;

/// <summary>
/// The rank of each entity version. Each rule orders the versions OpenCode emits for one entity from
/// first to last, using only what is in the JSON (arrival order is not trusted). The JSON length is a
/// late tie-break because later versions only add to an entity (tool metadata, summaries, finish).
/// </summary>
internal static class EntityRanks
{
    public static EntityRank Session(JsonElement info, string json)
    {
        // The generated title replaces the placeholder without bumping time.updated.
        var titled = info.Str("title") is { } t && !IsPlaceholderTitle(t) ? 1 : 0;
        var updated = info.Long("time", "updated") ?? info.Long("time", "created") ?? 0;
        return EntityRank.Of(updated, titled, TokenSum(info.Get("tokens")), json.Length, StableHash.Fnv64(json));
    }

    public static EntityRank Message(JsonElement info, string json)
    {
        var completed = info.Get("time", "completed") is { ValueKind: JsonValueKind.Number } ? 1 : 0;
        var finished = info.Has("finish") || info.Has("error") ? 1 : 0;
        return EntityRank.Of(completed, finished, TokenSum(info.Get("tokens")), json.Length, StableHash.Fnv64(json));
    }

    public static EntityRank Part(JsonElement part, string json)
    {
        long final, stage = 0, progress = 0;
        switch (part.Str("type"))
        {
            case "text" or "reasoning":
                final = part.Get("time", "end") is { ValueKind: JsonValueKind.Number } ? 1 : 0;
                progress = part.Str("text")?.Length ?? 0;
                break;
            case "tool":
                stage = part.Str("state", "status") switch
                {
                    "running" => 1,
                    "completed" or "error" => 2,
                    _ => 0,
                };
                final = stage == 2 ? 1 : 0;
                break;
            default:
                // step-start/step-finish/file/patch/...: written once, complete as emitted.
                final = 1;
                break;
        }
        return EntityRank.Of(final, stage, progress, json.Length, StableHash.Fnv64(json));
    }

    /// <summary>A later settle signal outranks an earlier one; id-less (older) events rank lowest.</summary>
    public static EntityRank Settle(string? eventId, string json) =>
        EntityRank.Of(OpenCodeIds.TimeKey(eventId) ?? 0, 0, 0, 0, StableHash.Fnv64(json));

    public static EntityRank Removed(string json) => EntityRank.Removed(StableHash.Fnv64(json));

    public static bool IsPlaceholderTitle(string title) =>
        title.StartsWith("New session - ", StringComparison.Ordinal) ||
        title.StartsWith("Child session - ", StringComparison.Ordinal);

    private static long TokenSum(JsonElement? tokens)
    {
        if (tokens is not { ValueKind: JsonValueKind.Object } t)
            return 0;
        long Part(long? v) => Math.Max(0, v ?? 0);
        return Part(t.Long("input")) + Part(t.Long("output")) + Part(t.Long("reasoning")) +
               Part(t.Long("cache", "read")) + Part(t.Long("cache", "write"));
    }
}
