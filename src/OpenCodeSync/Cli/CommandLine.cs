using OpenCodeSync.Hosting;
using OpenCodeSync.Text;
namespace OpenCodeSync.Cli;

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
    /// <paramref name="helpOf"/> gives the router's help for a command line (only asked for on an unknown option).
    /// </summary>
    public static void ReportRouterError(string[] args, string message, TextWriter error, Func<string[], string> helpOf)
    {
        var lines = message.Split('\n', 2);
        var command = args.Length > 0 && IsCommand(args[0]) ? $" {args[0]}" : "";
        if (lines.Length == 1)
        {
            var seeHelp = $"See 'opencode-sync{command} --help'.";
            if (UnrecognizedOption(message) is { } option)
            {
                var hint = NearestWord.Find(option, HelpOptions.Parse(helpOf(CommandWords(args)))) is { } near ? $"Did you mean {near}?" : seeHelp;
                error.WriteLine($"opencode-sync{command}: unknown option '{option}'. {hint}");
            }
            else
            {
                error.WriteLine($"opencode-sync{command}: {message.TrimEnd('.')}. {seeHelp}");
            }
            Environment.ExitCode = ExitCodes.Usage;
        }
        else
        {
            error.WriteLine($"opencode-sync{command}: unexpected error: {lines[0].TrimEnd()}");
        }
    }

    public static string? UnknownCommand(string[] args) =>
        args.Length > 0 && !args[0].StartsWith('-') && !IsCommand(args[0]) ? args[0] : null;

    public static string UnknownCommandMessage(string command) =>
        NearestWord.Find(command, Commands) is { } near
            ? $"opencode-sync: unknown command '{command}'. Did you mean '{near}'?"
            : $"opencode-sync: unknown command '{command}'. Run 'opencode-sync --help' to see the commands.";

    /// <summary>The option in the router's "Argument '--limt' is not recognized." message, or null for any other.</summary>
    public static string? UnrecognizedOption(string message)
    {
        const string Prefix = "Argument '", Suffix = "' is not recognized.";
        return message.StartsWith(Prefix, StringComparison.Ordinal) && message.EndsWith(Suffix, StringComparison.Ordinal)
            && message.Length > Prefix.Length + Suffix.Length
            ? message[Prefix.Length..^Suffix.Length]
            : null;
    }

    /// <summary>
    /// The words that name the command ("config set" and the like): the router routes them plus <c>--help</c> to that
    /// command's help. Words after an option are values or arguments, never part of the name.
    /// </summary>
    public static string[] CommandWords(string[] args)
    {
        var n = 0;
        while (n < args.Length && n < 2 && !args[n].StartsWith('-'))
            n++;
        return args[..n];
    }

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
