namespace OpenCodeSync.Config;

/// <summary>One option that <c>config set</c> accepts.</summary>
public sealed record Setting(string Key, string Default, string Description, Func<string, string?> Validate);

/// <summary>Every option the binary understands, with its default; later features add theirs here.</summary>
public static class Settings
{
    public const string SyncReasoning = "sync.reasoning";
    public const string SyncToolOutput = "sync.tool-output";
    public const string SyncFiles = "sync.files";

    public static IReadOnlyList<Setting> All { get; } =
    [
        new(SyncReasoning, "on", "send the model's reasoning as its own message part", OnOff),
        new(SyncToolOutput, "on", "send tool outputs (off: only tool names, inputs and status)", OnOff),
        new(SyncFiles, "on", "send file attachments' names and types (never inline data)", OnOff),
    ];

    public static Setting? Find(string key) =>
        All.FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase));

    public static bool IsOn(string value) => value is "on" or "true" or "yes" or "1";

    /// <summary>Accepts the usual spellings and stores them as on/off.</summary>
    public static string? NormalizeOnOff(string value) => value.Trim().ToLowerInvariant() switch
    {
        "on" or "true" or "yes" or "1" => "on",
        "off" or "false" or "no" or "0" => "off",
        _ => null,
    };

    private static string? OnOff(string value) =>
        NormalizeOnOff(value) is null ? $"'{value}' is not on or off" : null;
}
