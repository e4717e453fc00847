using System.Text.Json;
using OpenCodeSync.Json;

namespace OpenCodeSync.Sync;

/// <summary>
/// OpenSync has two token columns: prompt = everything read (input + cache read + cache write),
/// completion = everything generated (output + reasoning).
/// </summary>
internal static class TokenMath
{
    public static long Prompt(JsonElement messageInfo) =>
        Sum(messageInfo, ("input", null), ("cache", "read"), ("cache", "write"));

    public static long Completion(JsonElement messageInfo) =>
        Sum(messageInfo, ("output", null), ("reasoning", null));

    /// <summary>The backend ignores zeros and rejects null: a non-positive count is simply not sent.</summary>
    public static long? Positive(long value) => value > 0 ? value : null;

    public static double? Positive(double value) => value > 0 && double.IsFinite(value) ? value : null;

    private static long Sum(JsonElement info, params ReadOnlySpan<(string Name, string? Sub)> paths)
    {
        if (info.Get("tokens") is not { ValueKind: JsonValueKind.Object } tokens)
            return 0;
        long total = 0;
        foreach (var (name, sub) in paths)
            total += Math.Max(0, (sub is null ? tokens.Long(name) : tokens.Long(name, sub)) ?? 0);
        return total;
    }
}
