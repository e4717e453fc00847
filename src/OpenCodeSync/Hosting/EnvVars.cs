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

    /// <summary>"1": the hook records events but never starts the delivery process (tests, debugging).</summary>
    public const string NoWake = "OPENCODE_SYNC_NO_WAKE";

    /// <summary>
    /// "1": fsync the journal after every hook append. Off by default: it only protects against power loss
    /// and costs more than the rest of the hook (see JournalWriter).
    /// </summary>
    public const string JournalFsync = "OPENCODE_SYNC_JOURNAL_FSYNC";

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

    /// <summary>OpenCode's own database path override (read by <c>sync</c>).</summary>
    public const string OpenCodeDb = "OPENCODE_DB";
}
