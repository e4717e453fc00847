using ConsoleAppFramework;
using OpenCodeSync.Delivery;
using OpenCodeSync.Hosting;
using OpenCodeSync.Cli;

namespace OpenCodeSync.Commands;

[ConsoleAppFilter<ErrorFilter>]
public sealed class FlushCommand(CliContext ctx)
{
    /// <summary>Send everything queued now and wait until the backend has it (or say why not).</summary>
    /// <param name="timeout">Give up after this many seconds.</param>
    [Command("flush")]
    public async Task<int> RunAsync(int timeout = 120, CancellationToken cancellationToken = default)
    {
        var o = ctx.Console.Out;
        var limit = TimeSpan.FromSeconds(Math.Max(1, timeout));
        var started = ctx.Clock.Timestamp;
        using var session = DeliverySession.Open(ctx.DeliveryHost, respectPause: false);
        using var held = await DeliveryLock.AcquireAsync(session.StateDir, limit, cancellationToken).ConfigureAwait(false);
        if (held is null)
        {
            ctx.Console.Error.WriteLine($"opencode-sync flush: another delivery process kept {DeliveryLock.FileName} for {timeout} s");
            return ExitCodes.BackendFailing;
        }

        var result = await session.Loop.RunAsync(LoopMode.Flush, limit - ctx.Clock.Elapsed(started), cancellationToken).ConfigureAwait(false);
        session.Loop.CompactJournal();
        var deadTotal = session.Db.DeadLetterCount();
        if (session.Problem is null && result.Pending == 0 && result.DeadLettered == 0)
        {
            o.WriteLine(deadTotal == 0 ? "Everything is synced." : $"Everything is synced ({deadTotal} earlier dead letter(s) in {DeadLetterPath(session)}).");
            return ExitCodes.Ok;
        }

        o.WriteLine(session.Problem is not null && result.Pending == 0
            ? "Nothing was sent."
            : $"Not everything is synced: {result.Pending} record(s) pending.");
        if (session.Problem is not null)
            o.WriteLine($"  why       {session.Problem}");
        else if (result.Unauthorized)
            o.WriteLine("  why       paused: the backend refused the API key (401); run 'opencode-sync login' with a working key");
        else if (result.TimedOut && result.Pending > 0)
            o.WriteLine($"  why       the backend did not take them within {timeout} s: {result.LastError ?? "records are still waiting for their send window"}");
        if (result.DeadLettered > 0)
            o.WriteLine($"  refused   {result.DeadLettered} record(s) the backend rejected for good: see {DeadLetterPath(session)}");
        var now = ctx.Clock.Now.ToUnixTimeMilliseconds();
        foreach (var row in session.Db.PendingRows().Take(20))
            o.WriteLine($"  pending   {row.Kind} {row.Id}{(Why(row, now) is { } e ? $": {e}" : "")}");
        return session.Problem is not null && !result.Unauthorized ? ExitCodes.NotConfigured : ExitCodes.BackendFailing;
    }

    /// <summary>A first session record planned for later without an error is held for its session info.</summary>
    private static string? Why(State.OutboxRow row, long now) =>
        row.LastError ?? (row.Kind == State.RecordKind.Session && !row.WasSent && row.DueAt > now
            ? "its messages wait for the session's info ('config set sync.session-wait' bounds the wait)" : null);

    private static string DeadLetterPath(DeliverySession s) => Path.Combine(s.StateDir, DeadLetterFile.FileName);
}
