using OpenCodeSync.Hosting;
using OpenCodeSync.Text;
namespace OpenCodeSync.Cli;

/// <summary>Checks the router cannot do: it prints help and exits 0 for an unknown command.</summary>
internal static class CommandLine
{
    /// <summary>
    /// What the router prints through its Log hook. The router answers a first word it has no command for with its
    /// root help and exit 0; here that is a usage error (exit 64) with a suggestion. The command names come from
    /// that same help, so the router's <c>app.Add&lt;T&gt;()</c> lines are the only list of commands.
    /// </summary>
    public static void Print(string[] args, string message, TextWriter output, TextWriter error)
    {
        if (args.Length > 0 && args[0] is not ("--help" or "-h") && IsRootHelp(message))
        {
            error.WriteLine(args[0].StartsWith('-')
                ? UnknownRootOptionMessage(args[0])
                : UnknownCommandMessage(args[0], CommandNames(message)));
            Environment.ExitCode = ExitCodes.Usage;
            return;
        }
        output.WriteLine(HelpText.Polish(message));
    }

    /// <summary>
    /// What ConsoleAppFramework reports through its LogError hook: a command line it cannot parse (it has set exit
    /// code 1 by then; a usage error exits 64 here, like an unknown command) or, should an exception ever get past
    /// the commands' own handlers, its text, of which only the first line is shown — never a stack trace.
    /// <paramref name="helpOf"/> gives the router's help for a command line (only asked for on an unknown option).
    /// </summary>
    public static void ReportRouterError(string[] args, string message, TextWriter error, Func<string[], string> helpOf)
    {
        var lines = message.Split('\n', 2);
        // The router reports errors only for a command it routed to, so a first word here names one.
        var command = args.Length > 0 && !args[0].StartsWith('-') ? $" {args[0]}" : "";
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

    public static string UnknownCommandMessage(string command, IReadOnlyList<string> commands) =>
        NearestWord.Find(command, commands) is { } near
            ? $"opencode-sync: unknown command '{command}'. Did you mean '{near}'?"
            : $"opencode-sync: unknown command '{command}'. Run 'opencode-sync --help' to see the commands.";

    public static string UnknownRootOptionMessage(string option) =>
        NearestWord.Find(option, ["--help", "--version"]) is { } near
            ? $"opencode-sync: unknown option '{option}'. Did you mean {near}?"
            : $"opencode-sync: unknown option '{option}'. Run 'opencode-sync --help' to see the commands.";

    /// <summary>The router's help for no command: the one that lists the commands.</summary>
    public static bool IsRootHelp(string help) => help.StartsWith("Usage: [command]", StringComparison.Ordinal);

    /// <summary>The first word of each line under "Commands:" in the router's root help ("config set" counts as "config").</summary>
    public static IReadOnlyList<string> CommandNames(string rootHelp)
    {
        var names = new List<string>();
        var inCommands = false;
        foreach (var raw in rootHelp.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("Commands:", StringComparison.Ordinal))
            {
                inCommands = true;
                continue;
            }
            if (!inCommands)
                continue;
            if (!line.StartsWith("  ", StringComparison.Ordinal))
            {
                if (line.Length > 0)
                    break;
                continue;
            }
            var word = line.AsSpan().TrimStart();
            var end = word.IndexOf(' ');
            var name = (end < 0 ? word : word[..end]).ToString();
            if (name.Length > 0 && !names.Contains(name))
                names.Add(name);
        }
        return names;
    }

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
}
