namespace OpenCodeSync.Hosting;

/// <summary>Checks the router cannot do: it prints help and exits 0 for an unknown command.</summary>
internal static class CommandLine
{
    /// <summary>Top-level command names; keep in step with the [Command] attributes.</summary>
    public static readonly string[] Commands = ["login", "logout", "status", "config", "version",
        "setup", "verify", "logs", "hook", "deliver", "flush", "sync", "sessions", "show", "search", "export", "stats"];

    public static string? UnknownCommand(string[] args) =>
        args.Length > 0 && !args[0].StartsWith('-') && !Commands.Contains(args[0], StringComparer.Ordinal) ? args[0] : null;
}
