using ConsoleAppFramework;
using OpenCodeSync.Hosting;

namespace OpenCodeSync.Cli;

/// <summary>
/// Turns what a command throws into one line and an exit code (<see cref="CommandErrors"/>). Attached per command
/// class rather than globally: ConsoleAppFramework runs a filtered command on a thread-pool thread with signal
/// handlers registered, ~50 page faults and two threads, which the archive read commands (`sessions`, `search`,
/// …, timed as whole processes) cannot afford. They report errors through <c>ArchiveReader.Run</c> instead.
/// </summary>
internal sealed class ErrorFilter(ConsoleAppFilter next) : ConsoleAppFilter(next)
{
    public override async Task InvokeAsync(ConsoleAppContext context, CancellationToken cancellationToken)
    {
        try
        {
            await Next.InvokeAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine("opencode-sync: interrupted");
            Environment.ExitCode = ExitCodes.Interrupted;
        }
        catch (Exception e) when (e is not ArgumentParseFailedException)
        {
            Environment.ExitCode = CommandErrors.Report(Console.Error, context.CommandName, e);
        }
    }
}
