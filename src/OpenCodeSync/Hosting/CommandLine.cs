namespace OpenCodeSync.Hosting;

/// <summary>Checks the router cannot do: it prints help and exits 0 for an unknown command.</summary>
internal static class CommandLine
{
    /// <summary>Top-level command names; keep in step with the [Command] attributes.</summary>
    public static readonly string[] Commands = ["login", "logout", "status", "config", "version",
        "setup", "verify", "logs", "hook", "deliver", "flush", "sync", "sessions", "show", "search", "export", "stats", "forget"];

    /// <summary>
    /// What ConsoleAppFramework reports through its LogError hook: a command line it cannot parse (it has set exit
    /// code 1 by then; a usage error exits 64 here, like an unknown command) or, should an exception ever get past
    /// the commands' own handlers, its text, of which only the first line is shown — never a stack trace.
    /// </summary>
    public static void ReportRouterError(string[] args, string message, TextWriter error)
    {
        var lines = message.Split('\n', 2);
        var command = args.Length > 0 && IsCommand(args[0]) ? $" {args[0]}" : "";
        if (lines.Length == 1)
        {
            error.WriteLine($"opencode-sync{command}: {message.TrimEnd('.')}. See 'opencode-sync{command} --help'.");
            Environment.ExitCode = ExitCodes.Usage;
        }
        else
        {
            error.WriteLine($"opencode-sync{command}: unexpected error: {lines[0].TrimEnd()}");
        }
    }

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
