using ConsoleAppFramework;
using OpenCodeSync.Delivery;
using OpenCodeSync.Hosting;
using OpenCodeSync.Hook;
using OpenCodeSync.Journal;
using OpenCodeSync.Cli;

namespace OpenCodeSync.Commands;

/// <summary>
/// <c>opencode-sync hook</c>: durable first, network never. Reads the event(s) on stdin, appends the relevant
/// ones to the journal in one write, wakes the delivery process if none runs, and exits 0 whatever happens —
/// OpenCode must never be disturbed, so problems go to the log (stderr only when even the log is unwritable).
/// </summary>
[ConsoleAppFilter<ErrorFilter>]
public sealed class HookCommand(CliContext ctx)
{
    private const string Component = "hook";

    /// <summary>Record OpenCode events read from stdin (run by the OpenCode plugin, once per event). Always exits 0.</summary>
    [Command("hook")]
    public int Run()
    {
        try
        {
            Record();
        }
        catch (Exception e)
        {
            // Last resort: whatever broke, one line and exit 0 — never a stack trace into OpenCode.
            Report(LogLevel.Error, $"hook failed: {e.GetType().Name}: {e.Message}");
        }

        return ExitCodes.Ok;
    }

    private void Record()
    {
        HookInput input;
        using (var stdin = ctx.Console.OpenStandardInput())
        {
            input = HookInput.Read(stdin);
        }

        if (input.DroppedBytes > 0)
        {
            Report(LogLevel.Warn, $"input over {HookInput.MaxBytes >> 20} MiB: dropped {input.DroppedBytes} bytes (the line the limit cut, and everything after it)");
        }

        var candidates = EventSplitter.Split(input.Data);
        if (candidates.Count == 0)
        {
            if (input.DroppedBytes == 0)
            {
                Report(LogLevel.Warn, "no event on stdin (empty input)");
            }

            return;
        }

        var (accepted, _, rejections) = EventFilter.Apply(candidates);
        if (rejections.Count > 0)
        {
            // One line per hook call however bad the input: the first reason says what kind of bad it is.
            Report(LogLevel.Warn, rejections.Count == 1
                ? $"rejected event: {rejections[0]}"
                : $"rejected {rejections.Count} of {candidates.Count} events; first: {rejections[0]}");
        }

        if (accepted.Count == 0)
        {
            return;
        }

        try
        {
            new JournalWriter(ctx.Paths.StateDir, ctx.Env.Get(EnvVars.JournalFsync) is "1" or "true").Append(accepted);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Report(LogLevel.Error, $"cannot record {accepted.Count} event(s) in {ctx.Paths.StateDir}: {e.Message}");
            return;
        }

        Wake();
    }

    private void Wake()
    {
        try
        {
            if (ctx.WakeDelivery(ctx) == WakeResult.Started)
            {
                ctx.Log.TryWrite(LogLevel.Info, Component, "started the delivery process");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // The events are safe in the journal; the next hook (or `opencode-sync sync`) tries again.
            Report(LogLevel.Warn, $"could not start the delivery process: {e.Message}");
        }
    }

    private void Report(LogLevel level, string message)
    {
        if (!ctx.Log.TryWrite(level, Component, message))
        {
            ctx.Console.Error.WriteLine($"opencode-sync hook: {SecretMask.Apply(message)} (log {ctx.Log.Path} not writable)");
        }
    }
}
