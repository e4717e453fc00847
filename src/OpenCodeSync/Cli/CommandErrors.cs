using OpenCodeSync.Config;
using OpenCodeSync.Hosting;

namespace OpenCodeSync.Cli;

/// <summary>
/// The one place where an exception becomes a message and an exit code: a user sees one line saying what is
/// wrong and how to fix it, never a stack trace. Used by <see cref="ErrorFilter"/> for most commands and by the
/// archive readers, which run without a filter (see <see cref="ErrorFilter"/>).
/// </summary>
internal static class CommandErrors
{
    /// <summary>Writes the one line for <paramref name="e"/> and returns the exit code it means.</summary>
    public static int Report(TextWriter error, string command, Exception e)
    {
        switch (e)
        {
            case ConfigException or IOException or UnauthorizedAccessException:
                error.WriteLine($"opencode-sync {command}: {e.Message}");
                return ExitCodes.LocalError;
            default:
                error.WriteLine($"opencode-sync {command}: unexpected error: {e.GetType().Name}: {e.Message}");
                return ExitCodes.NotConfigured;
        }
    }
}
