using OpenCodeSync.Privacy;

namespace OpenCodeSync.Config;

/// <summary>
/// The privacy settings turned into what Privacy runs on. Here rather than in Privacy so that redaction and
/// exclusion know nothing of configuration (Config validates their options; they never read it).
/// </summary>
public static class PrivacySettings
{
    /// <summary>From the <c>exclude</c> setting; case-insensitive where the file system usually is.</summary>
    public static ExclusionMatcher Exclusions(EffectiveConfig config, string homeDirectory) =>
        new(Settings.SplitList(config.Settings.GetValueOrDefault(Settings.Exclude)?.Value), homeDirectory,
            ignoreCase: OperatingSystem.IsMacOS() || OperatingSystem.IsWindows());

    /// <summary>
    /// Options from configuration. A pattern that does not compile (hand-edited config; <c>config set</c>
    /// refuses them) is left out and described in <paramref name="problems"/> so the caller can warn; the
    /// built-in rules still apply, so a typo never turns redaction off.
    /// </summary>
    public static RedactionOptions Redaction(EffectiveConfig config, out IReadOnlyList<string> problems)
    {
        var errors = new List<string>();
        var patterns = new List<UserPattern>();
        foreach (var (key, value) in config.Settings.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (Settings.PatternName(key) is not { } name || value.Value is not { Length: > 0 } source)
                continue;
            if (RedactionOptions.TryCompile(source, out var regex, out var error))
                patterns.Add(new UserPattern(name, regex));
            else
                errors.Add($"{key}: {error}; the pattern is ignored");
        }

        problems = errors;
        return new RedactionOptions
        {
            Enabled = config.IsOn(Settings.Redact),
            Patterns = patterns,
            Allow = Settings.SplitList(config.Settings.GetValueOrDefault(Settings.RedactAllow)?.Value),
        };
    }
}
