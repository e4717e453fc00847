namespace OpenCodeSync.Hosting;

/// <summary>Every exit code the binary returns.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Not configured, or a generic failure the message explains.</summary>
    public const int NotConfigured = 1;

    /// <summary>Configured, but the backend or the key does not work.</summary>
    public const int BackendFailing = 2;

    /// <summary>The command line itself is wrong (unknown command/flag, bad value).</summary>
    public const int Usage = 64;

    /// <summary>Local state (config file, directories) could not be read or written.</summary>
    public const int LocalError = 74;

    /// <summary>Interrupted (Ctrl-C).</summary>
    public const int Interrupted = 130;
}
