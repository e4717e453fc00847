namespace OpenCodeSync.Hosting;

/// <summary>Where the binary keeps its files, following the XDG base directory rules.</summary>
public sealed class AppPaths(IEnvironment env)
{
    private const string AppDir = "opencode-sync";

    public string ConfigDir => env.Get(EnvVars.ConfigDir) is { Length: > 0 } dir
        ? dir
        : Path.Combine(Xdg(EnvVars.XdgConfigHome, ".config"), AppDir);

    public string ConfigFile => Path.Combine(ConfigDir, "config.json");

    public string StateDir => Path.Combine(Xdg(EnvVars.XdgStateHome, Path.Combine(".local", "state")), AppDir);

    /// <summary>The binary's own diagnostic log (see FileLog); <c>.1</c> beside it after rotation.</summary>
    public string LogFile => Path.Combine(StateDir, "opencode-sync.log");

    public string DataDir => Path.Combine(Xdg(EnvVars.XdgDataHome, Path.Combine(".local", "share")), AppDir);

    /// <summary>The original TypeScript plugin's credentials, offered for import.</summary>
    public string LegacyCredentialsFile => Path.Combine(env.HomeDirectory, ".opensync", "credentials.json");

    /// <summary>OpenCode's global config directory (opencode.json / opencode.jsonc live here).</summary>
    public string OpenCodeConfigDir => env.Get(EnvVars.OpenCodeConfigDir) is { Length: > 0 } dir
        ? dir
        : Path.Combine(Xdg(EnvVars.XdgConfigHome, ".config"), "opencode");

    /// <summary>OpenCode's cache dir, where it installs npm plugins and their dependencies.</summary>
    public string OpenCodeCacheDir => Path.Combine(Xdg(EnvVars.XdgCacheHome, ".cache"), "opencode");

    // XDG says relative values are invalid and must be ignored.
    private string Xdg(string variable, string fallbackUnderHome) =>
        env.Get(variable) is { Length: > 0 } value && Path.IsPathRooted(value)
            ? value
            : Path.Combine(env.HomeDirectory, fallbackUnderHome);
}
