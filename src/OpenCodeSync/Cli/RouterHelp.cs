using System.Text;
using ConsoleAppFramework;

namespace OpenCodeSync.Cli;

/// <summary>The help the router prints for a command, captured instead of printed.</summary>
internal static class RouterHelp
{
    /// <summary>
    /// What <paramref name="showHelp"/> (the router run on a command's words + <c>--help</c>) logs. Every generated
    /// command checks for help before it binds or runs anything, so this only produces text; it runs only after an
    /// error. (The router is run by Program.cs itself: its generator expects every run of the builder there.)
    /// </summary>
    public static string Capture(Action showHelp)
    {
        var printed = ConsoleApp.Log;
        var help = new StringBuilder();
        ConsoleApp.Log = message => help.Append(message).Append('\n');
        try
        {
            showHelp();
        }
        finally
        {
            ConsoleApp.Log = printed;
        }
        return help.ToString();
    }
}
