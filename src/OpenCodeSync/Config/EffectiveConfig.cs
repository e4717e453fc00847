using OpenCodeSync.Hosting;

namespace OpenCodeSync.Config;

/// <summary>Where a value came from, so <c>config</c> and <c>status</c> can say.</summary>
public enum ValueSource
{
    None,
    Default,
    File,
    Env,
}

public sealed record SourcedValue(string? Value, ValueSource Source)
{
    public bool HasValue => !string.IsNullOrEmpty(Value);
}

/// <summary>The configuration in force: environment over file over defaults.</summary>
public sealed record EffectiveConfig(SourcedValue Url, SourcedValue ApiKey, IReadOnlyDictionary<string, SourcedValue> Settings)
{
    public bool IsConfigured => Url.HasValue && ApiKey.HasValue;

    /// <summary>
    /// <see cref="IsConfigured"/> without building the settings table (its defaults pull in the delivery and
    /// redaction set-up), for callers that only ask whether records can be sent.
    /// </summary>
    public static bool IsConfiguredBy(ConfigFile file, IEnvironment env) =>
        Pick(env.Get(EnvVars.Url), file.ConvexUrl).HasValue && Pick(env.Get(EnvVars.ApiKey), file.ApiKey).HasValue;

    public bool IsOn(string settingKey) =>
        Settings.TryGetValue(settingKey, out var v) && v.Value is { } value && Config.Settings.IsOn(value);

    /// <summary>A seconds setting; its default when the stored value is not valid (a hand-edited file).</summary>
    public TimeSpan SecondsOf(string settingKey) =>
        TimeSpan.FromSeconds(
            Config.Settings.Seconds(Settings.TryGetValue(settingKey, out var v) ? v.Value : null)
            ?? Config.Settings.Seconds(Config.Settings.Find(settingKey)?.Default) ?? 0);

    /// <summary>A minutes setting; its default when the stored value is not valid (a hand-edited file).</summary>
    public TimeSpan MinutesOf(string settingKey) =>
        TimeSpan.FromMinutes(
            Config.Settings.Minutes(Settings.TryGetValue(settingKey, out var v) ? v.Value : null)
            ?? Config.Settings.Minutes(Config.Settings.Find(settingKey)?.Default) ?? 0);

    public static EffectiveConfig Resolve(ConfigFile file, IEnvironment env)
    {
        var settings = new Dictionary<string, SourcedValue>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in Config.Settings.All)
        {
            if (setting.IsFamily)
            {
                // Each member is its own key in the file (redact.pattern.aws-account, …); there is no default.
                foreach (var (key, value) in file.Settings ?? [])
                {
                    if (Config.Settings.Find(key) is { IsFamily: true })
                        settings[key] = new SourcedValue(value, ValueSource.File);
                }
                continue;
            }

            settings[setting.Key] = file.Settings?.TryGetValue(setting.Key, out var v) == true
                ? new SourcedValue(v, ValueSource.File)
                : new SourcedValue(setting.Default, ValueSource.Default);
        }

        return new EffectiveConfig(
            Pick(env.Get(EnvVars.Url), file.ConvexUrl),
            Pick(env.Get(EnvVars.ApiKey), file.ApiKey),
            settings);
    }

    private static SourcedValue Pick(string? fromEnv, string? fromFile) =>
        !string.IsNullOrWhiteSpace(fromEnv) ? new SourcedValue(fromEnv.Trim(), ValueSource.Env)
        : !string.IsNullOrWhiteSpace(fromFile) ? new SourcedValue(fromFile, ValueSource.File)
        : new SourcedValue(null, ValueSource.None);
}
