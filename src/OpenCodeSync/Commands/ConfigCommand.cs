using System.Text.Json;
using ConsoleAppFramework;
using OpenCodeSync.Config;
using OpenCodeSync.Hosting;
using OpenCodeSync.Json;
using OpenCodeSync.Cli;

namespace OpenCodeSync.Commands;

[ConsoleAppFilter<ErrorFilter>]
public sealed class ConfigCommand(CliContext ctx)
{
    /// <summary>Show the configuration in force and where each value comes from; change options with 'config set'/'config unset'.</summary>
    /// <param name="json">Print as JSON.</param>
    [Command("config")]
    public int Show(bool json = false)
    {
        var store = ctx.Config;
        var config = EffectiveConfig.Resolve(store.Load(), ctx.Env);
        var entries = new List<ConfigEntry>
        {
            new("url", config.Url.Value, Source(config.Url), "OpenSync backend (set with 'login' or " + EnvVars.Url + ")"),
            new("apiKey", config.ApiKey.HasValue ? ApiKey.Mask(config.ApiKey.Value) : null, Source(config.ApiKey), "API key, masked (set with 'login' or " + EnvVars.ApiKey + ")"),
        };
        foreach (var s in Settings.All)
        {
            if (!s.IsFamily)
            {
                entries.Add(new ConfigEntry(s.Key, config.Settings[s.Key].Value, Source(config.Settings[s.Key]), s.Description));
                continue;
            }

            var members = config.Settings.Where(kv => kv.Key.StartsWith(s.FamilyPrefix, StringComparison.Ordinal)).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
            entries.AddRange(members.Select(kv => new ConfigEntry(kv.Key, kv.Value.Value, Source(kv.Value), s.Description)));
            if (members.Count == 0)
            {
                entries.Add(new ConfigEntry(s.Key, null, "-", s.Description));
            }
        }

        if (json)
        {
            ctx.Console.Out.WriteLine(JsonSerializer.Serialize(new ConfigReport(store.Path, entries), ReportJson.Indented.ConfigReport));
            return ExitCodes.Ok;
        }

        ctx.Console.Out.WriteLine($"# {store.Path}{(store.Exists ? "" : " (not created yet)")}");
        var width = entries.Max(e => e.Key.Length) + 2;
        foreach (var e in entries)
        {
            ctx.Console.Out.WriteLine($"{e.Key.PadRight(width)}{(string.IsNullOrEmpty(e.Value) ? "(not set)" : e.Value),-40} {e.Source}");
        }

        return ExitCodes.Ok;
    }

    /// <summary>Set an option, e.g. 'config set sync.reasoning off'.</summary>
    /// <param name="key">Option name (see 'opencode-sync config').</param>
    /// <param name="value">New value.</param>
    [Command("config set")]
    public int Set([Argument] string key, [Argument] string value)
    {
        if (Find(key) is not { } setting)
        {
            return ExitCodes.Usage;
        }

        if (setting.Validate(value) is { } problem)
        {
            ctx.Console.Error.WriteLine($"opencode-sync config: {problem} (for {setting.Key}: {setting.Description})");
            return ExitCodes.Usage;
        }

        var stored = setting.Store(value);
        var store = ctx.Config;
        var file = store.Load();
        var settings = new Dictionary<string, string>(file.Settings ?? [], StringComparer.Ordinal) { [setting.Key] = stored };
        store.Save(file with { Settings = settings });
        ctx.Console.Out.WriteLine($"{setting.Key} = {stored}");
        if (setting.Warn?.Invoke(stored) is { } warning)
        {
            ctx.Console.Error.WriteLine($"opencode-sync config: warning: {warning}");
        }

        return ExitCodes.Ok;
    }

    /// <summary>Return an option to its default.</summary>
    /// <param name="key">Option name.</param>
    [Command("config unset")]
    public int Unset([Argument] string key)
    {
        if (Find(key) is not { } setting)
        {
            return ExitCodes.Usage;
        }

        var store = ctx.Config;
        var file = store.Load();
        if (file.Settings?.ContainsKey(setting.Key) == true)
        {
            var settings = new Dictionary<string, string>(file.Settings, StringComparer.Ordinal);
            settings.Remove(setting.Key);
            store.Save(file with { Settings = settings.Count == 0 ? null : settings });
        }

        ctx.Console.Out.WriteLine(setting.Default.Length == 0 ? $"{setting.Key} removed" : $"{setting.Key} = {setting.Default} (default)");
        return ExitCodes.Ok;
    }

    private Setting? Find(string key)
    {
        if (key is "url" or "apiKey" or "api-key")
        {
            ctx.Console.Error.WriteLine("opencode-sync config: the URL and key are set with 'opencode-sync login' (which checks them) and removed with 'logout'");
            return null;
        }

        var setting = Settings.Find(key);
        if (setting is null)
        {
            ctx.Console.Error.WriteLine($"opencode-sync config: unknown option '{key}'. Known options: {string.Join(", ", Settings.All.Select(s => s.Key))}");
        }

        return setting;
    }

    private static string Source(SourcedValue v) => v.Source switch
    {
        ValueSource.Env => "env",
        ValueSource.File => "file",
        ValueSource.Default => "default",
        _ => "-",
    };
}
