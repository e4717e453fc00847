using ConsoleAppFramework;
using OpenCodeSync.Config;

namespace OpenCodeSync.Hosting;

/// <summary>
/// The one place where an exception becomes a message and an exit code: a user sees one line saying
/// what is wrong and how to fix it, never a stack trace.
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
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"opencode-sync {context.CommandName}: {e.Message}");
            Environment.ExitCode = ExitCodes.LocalError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"opencode-sync {context.CommandName}: {e.Message}");
            Environment.ExitCode = ExitCodes.LocalError;
        }
        catch (Exception e) when (e is not ArgumentParseFailedException)
        {
            Console.Error.WriteLine($"opencode-sync {context.CommandName}: unexpected error: {e.GetType().Name}: {e.Message}");
            Environment.ExitCode = ExitCodes.NotConfigured;
        }
    }
}
