namespace OpenCodeSync.Hosting;

/// <summary>Checks the router cannot do: it prints help and exits 0 for an unknown command.</summary>
internal static class CommandLine
{
    /// <summary>Top-level command names; keep in step with the [Command] attributes.</summary>
    public static readonly string[] Commands = ["login", "logout", "status", "config", "version",
        "setup", "verify", "logs", "hook", "deliver", "flush", "sync", "sessions", "show", "search", "export", "stats"];

    // A span search (string equality), not LINQ's Contains with a comparer: every command starts through here,
    // and the generic LINQ path touched ~8 fresh pages of code and dispatch cells (~0.3 ms on a VM).
    public static string? UnknownCommand(string[] args) =>
        args.Length > 0 && !args[0].StartsWith('-') && !Commands.AsSpan().Contains(args[0]) ? args[0] : null;
}
