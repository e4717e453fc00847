using OpenCodeSync.Privacy;

namespace OpenCodeSync.Config;

/// <summary>
/// One option that <c>config set</c> accepts. <paramref name="Normalize"/> turns accepted input into the
/// stored form (default: trimmed); <paramref name="Warn"/> returns a line to show after a risky value is
/// stored. A family (<c>redact.pattern.&lt;name&gt;</c>) stands for every key with its prefix.
/// </summary>
public sealed record Setting(
    string Key,
    string Default,
    string Description,
    Func<string, string?> Validate,
    Func<string, string>? Normalize = null,
    Func<string, string?>? Warn = null,
    bool IsFamily = false)
{
    public string Store(string value) => Normalize is null ? value.Trim() : Normalize(value);

    /// <summary>For a family: the part of <see cref="Key"/> before <c>&lt;name&gt;</c>.</summary>
    public string FamilyPrefix => Key[..(Key.IndexOf('<', StringComparison.Ordinal) is var i and >= 0 ? i : Key.Length)];
}

/// <summary>Every option the binary understands, with its default; later features add theirs here.</summary>
public static class Settings
{
    public const string SyncReasoning = "sync.reasoning";
    public const string SyncToolOutput = "sync.tool-output";
    public const string SyncFiles = "sync.files";
    public const string Redact = "redact";
    public const string RedactPatternPrefix = "redact.pattern.";
    public const string RedactAllow = "redact.allow";
    public const string Exclude = "exclude";
    public const string SessionWait = "sync.session-wait";
    public const string Recall = "recall";
    public const string PullAuto = "pull.auto";
    public const string PullInterval = "pull.interval";

    /// <summary>Bounds of <see cref="PullInterval"/> in minutes: often enough to be useful, never a poll of the backend.</summary>
    public const int MinPullMinutes = 5;
    public const int MaxPullMinutes = 1440;

    /// <summary>Longest <see cref="SessionWait"/>: a held session is visible in <c>status</c>, but ten minutes is plenty.</summary>
    public const int MaxSessionWaitSeconds = 600;

    public static IReadOnlyList<Setting> All { get; } =
    [
        new(SyncReasoning, "on", "send the model's reasoning as its own message part", OnOff, NormalizeOnOffOrSelf),
        new(SyncToolOutput, "on", "send tool outputs (off: only tool names, inputs and status)", OnOff, NormalizeOnOffOrSelf),
        new(SyncFiles, "on", "send file attachments' names and types (never inline data)", OnOff, NormalizeOnOffOrSelf),
        new(Redact, "on", "replace keys, tokens and passwords in transcripts with [REDACTED:kind] before sending", OnOff, NormalizeOnOffOrSelf,
            Warn: v => v == "off" ? "redaction is off: API keys, tokens, passwords and .env contents that tools print will be uploaded as they are" : null),
        new(RedactPatternPrefix + "<name>", "", "an extra regex to redact, shown as [REDACTED:<name>]; a group named 'secret' limits what is replaced",
            ValidatePattern, Normalize: v => v, IsFamily: true),
        new(RedactAllow, "", "comma-separated values never redacted (e.g. a public test key)", _ => null, NormalizeList),
        new(Exclude, "", "comma-separated project path globs never synced (*, ?, **, ~; a trailing / includes everything under it)", ValidateGlobs, NormalizeList),
        new(SessionWait, "30", "seconds a session's messages wait for its session info before the session is created from them (0-600)",
            v => Seconds(v) is null ? $"'{v}' is not a number of seconds from 0 to {MaxSessionWaitSeconds}" : null,
            v => Seconds(v)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? v.Trim()),
        new(Recall, "on", "give OpenCode's agent the history_search and history_read tools over the local archive (at its next start)",
            OnOff, NormalizeOnOffOrSelf),
        new(PullAuto, "off", "pull other machines' sessions into the archive in the background after a delivery run (at most every pull.interval minutes)",
            OnOff, NormalizeOnOffOrSelf),
        new(PullInterval, "30", $"minutes between automatic pulls ({MinPullMinutes}-{MaxPullMinutes})",
            v => Minutes(v) is null ? $"'{v}' is not a number of minutes from {MinPullMinutes} to {MaxPullMinutes}" : null,
            v => Minutes(v)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? v.Trim()),
    ];

    /// <summary>The setting <paramref name="key"/> names, with <see cref="Setting.Key"/> the concrete key for a family member.</summary>
    public static Setting? Find(string key)
    {
        if (PatternName(key) is not null)
            return All.First(s => s.IsFamily) with { Key = key };
        return All.FirstOrDefault(s => !s.IsFamily && string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The <c>&lt;name&gt;</c> of a <c>redact.pattern.&lt;name&gt;</c> key: letters, digits, '-' and '_'.</summary>
    public static string? PatternName(string key)
    {
        if (!key.StartsWith(RedactPatternPrefix, StringComparison.Ordinal))
            return null;
        var name = key[RedactPatternPrefix.Length..];
        return name.Length is > 0 and <= 40 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? name : null;
    }

    public static bool IsOn(string value) => value is "on" or "true" or "yes" or "1";

    /// <summary>Whole seconds within 0..<see cref="MaxSessionWaitSeconds"/>, with or without a trailing "s".</summary>
    public static int? Seconds(string? value)
    {
        var text = value?.Trim();
        if (text is { Length: > 1 } && text[^1] is 's' or 'S')
            text = text[..^1].TrimEnd();
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && n <= MaxSessionWaitSeconds ? n : null;
    }

    /// <summary>Whole minutes within <see cref="MinPullMinutes"/>..<see cref="MaxPullMinutes"/>, with or without a trailing "m".</summary>
    public static int? Minutes(string? value)
    {
        var text = value?.Trim();
        if (text is { Length: > 1 } && text[^1] is 'm' or 'M')
            text = text[..^1].TrimEnd();
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && n is >= MinPullMinutes and <= MaxPullMinutes ? n : null;
    }

    /// <summary>Accepts the usual spellings and stores them as on/off.</summary>
    public static string? NormalizeOnOff(string value) => value.Trim().ToLowerInvariant() switch
    {
        "on" or "true" or "yes" or "1" => "on",
        "off" or "false" or "no" or "0" => "off",
        _ => null,
    };

    /// <summary>The items of a comma-separated setting, trimmed, without empties.</summary>
    public static IReadOnlyList<string> SplitList(string? value) =>
        value is null ? [] : value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static string NormalizeList(string value) => string.Join(", ", SplitList(value));

    private static string NormalizeOnOffOrSelf(string value) => NormalizeOnOff(value) ?? value.Trim();

    private static string? OnOff(string value) =>
        NormalizeOnOff(value) is null ? $"'{value}' is not on or off" : null;

    private static string? ValidatePattern(string value) =>
        RedactionOptions.TryCompile(value, out _, out var error) ? null : $"'{value}' is {error}";

    private static string? ValidateGlobs(string value)
    {
        foreach (var glob in SplitList(value))
        {
            if (ExclusionMatcher.Problem(glob) is { } problem)
                return $"'{glob}': {problem}";
        }
        return null;
    }
}
