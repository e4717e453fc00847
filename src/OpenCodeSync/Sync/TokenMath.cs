namespace OpenCodeSync.Sync;

/// <summary>
/// OpenSync has two token columns: prompt = everything read (input + cache read + cache write),
/// completion = everything generated (output + reasoning) — see <see cref="TokenUsage"/>, where they are summed.
/// </summary>
internal static class TokenMath
{
    public static long Prompt(System.Text.Json.JsonElement messageInfo) => TokenUsage.Read(messageInfo).Prompt;

    public static long Completion(System.Text.Json.JsonElement messageInfo) => TokenUsage.Read(messageInfo).Completion;

    /// <summary>The backend ignores zeros and rejects null: a non-positive count is simply not sent.</summary>
    public static long? Positive(long value) => value > 0 ? value : null;

    public static double? Positive(double value) => value > 0 && double.IsFinite(value) ? value : null;
}
