using System.Text.Json;
using OpenCodeSync.Json;

namespace OpenCodeSync.Sync;

/// <summary>
/// One assistant message's token counts as OpenCode reports them, kept apart (the backend only gets the two
/// sums of <see cref="TokenMath"/>): the local archive shows the cache share of prompt tokens too.
/// </summary>
public readonly record struct TokenUsage(long Input, long Output, long Reasoning, long CacheRead, long CacheWrite, double Cost)
{
    /// <summary>input + cache read + cache write: what OpenSync calls prompt tokens.</summary>
    public long Prompt => Input + CacheRead + CacheWrite;

    /// <summary>output + reasoning: what OpenSync calls completion tokens.</summary>
    public long Completion => Output + Reasoning;

    /// <summary>An assistant message's counts; zero for any other role (only replies are billed).</summary>
    public static TokenUsage Of(JsonElement messageInfo) =>
        messageInfo.Str("role") == "assistant" ? Read(messageInfo) : default;

    /// <summary>The counts as the message states them, whatever its role; negative or missing counts are 0.</summary>
    public static TokenUsage Read(JsonElement messageInfo)
    {
        var cost = messageInfo.Double("cost") is { } c && double.IsFinite(c) ? Math.Max(0, c) : 0;
        if (messageInfo.Get("tokens") is not { ValueKind: JsonValueKind.Object } t)
            return new TokenUsage(0, 0, 0, 0, 0, cost);
        return new TokenUsage(Count(t.Long("input")), Count(t.Long("output")), Count(t.Long("reasoning")),
            Count(t.Long("cache", "read")), Count(t.Long("cache", "write")), cost);
    }

    public static TokenUsage operator +(TokenUsage a, TokenUsage b) =>
        new(a.Input + b.Input, a.Output + b.Output, a.Reasoning + b.Reasoning, a.CacheRead + b.CacheRead, a.CacheWrite + b.CacheWrite, a.Cost + b.Cost);

    private static long Count(long? value) => Math.Max(0, value ?? 0);
}
