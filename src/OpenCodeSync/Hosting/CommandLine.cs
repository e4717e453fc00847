namespace OpenCodeSync.Hosting;

/// <summary>Checks the router cannot do: it prints help and exits 0 for an unknown command.</summary>
internal static class CommandLine
{
    /// <summary>Top-level command names; keep in step with the [Command] attributes.</summary>
    public static readonly string[] Commands = ["login", "logout", "status", "config", "version",
        "setup", "verify", "logs", "hook", "deliver", "flush", "sync", "sessions", "show", "search", "export", "stats"];

    public static string? UnknownCommand(string[] args) =>
        args.Length > 0 && !args[0].StartsWith('-') && !IsCommand(args[0]) ? args[0] : null;

    // A plain loop, not LINQ's or a span's generic Contains: every command starts through here, and the generic
    // paths resolve comparers and dispatch cells at run time (~8 fresh pages, ~0.3 ms per start on a VM).
    private static bool IsCommand(string word)
    {
        foreach (var command in Commands)
        {
            if (string.Equals(command, word, StringComparison.Ordinal))
                return true;
        }
        return false;
    }
}
