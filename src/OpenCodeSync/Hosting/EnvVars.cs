namespace OpenCodeSync.Hosting;

/// <summary>Every environment variable the binary reads, in one place (the README lists the same).</summary>
public static class EnvVars
{
    /// <summary>Backend URL; overrides the config file (CI, headless machines).</summary>
    public const string Url = "OPENCODE_SYNC_URL";

    /// <summary>API key; overrides the config file. Never echoed.</summary>
    public const string ApiKey = "OPENCODE_SYNC_API_KEY";

    /// <summary>Where config.json lives instead of $XDG_CONFIG_HOME/opencode-sync.</summary>
    public const string ConfigDir = "OPENCODE_SYNC_CONFIG_DIR";

    public const string XdgConfigHome = "XDG_CONFIG_HOME";
    public const string XdgStateHome = "XDG_STATE_HOME";
    public const string XdgDataHome = "XDG_DATA_HOME";

    /// <summary>OpenCode's own config dir override, used to find opencode.json.</summary>
    public const string OpenCodeConfigDir = "OPENCODE_CONFIG_DIR";

    /// <summary>OpenCode's explicit config file.</summary>
    public const string OpenCodeConfig = "OPENCODE_CONFIG";

    /// <summary>Path to this binary for the OpenCode plugin (checked first; `verify` checks it the same way).</summary>
    public const string Bin = "OPENCODE_SYNC_BIN";

    public const string XdgCacheHome = "XDG_CACHE_HOME";

    public const string Path = "PATH";

    /// <summary>Disables colour on a terminal (no-color.org).</summary>
    public const string NoColor = "NO_COLOR";
}
