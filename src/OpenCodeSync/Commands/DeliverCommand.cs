using ConsoleAppFramework;
using OpenCodeSync.Config;
using OpenCodeSync.Delivery;
using OpenCodeSync.Hosting;
using OpenCodeSync.Cli;
using OpenCodeSync.Pull;

namespace OpenCodeSync.Commands;

[ConsoleAppFilter<ErrorFilter>]
public sealed class DeliverCommand(CliContext ctx)
{
    /// <summary>Background delivery, started by the hook: send what is queued, exit when idle.</summary>
    [Hidden]
    [Command("deliver")]
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            bool loggedInMeanwhile;
            using (var session = DeliverySession.Open(ctx.DeliveryHost, respectPause: true))
            {
                await DeliverAsync(session, cancellationToken).ConfigureAwait(false);
                await PullIfDueAsync(session, cancellationToken).ConfigureAwait(false);
                // A login while this ran offline found it running and started no one: hand over to a sending run.
                loggedInMeanwhile = session.IsNotLoggedIn && EffectiveConfig.IsConfiguredBy(ctx.Config.Load(), ctx.Env);
            }
            if (!loggedInMeanwhile)
                return ExitCodes.Ok;
        }
    }

    /// <summary><c>pull.auto</c>: once what was queued is sent, and only while no other process holds the state.</summary>
    private async Task PullIfDueAsync(DeliverySession session, CancellationToken ct)
    {
        if (session.Worker is null)
            return;
        var config = EffectiveConfig.Resolve(ctx.Config.Load(), ctx.Env);
        if (!AutoPull.IsDue(config, session.Db, ctx.Clock.Now))
            return;
        using var held = DeliveryLock.TryAcquire(session.StateDir);
        if (held is not null)
            await AutoPull.RunIfDueAsync(session, config, ctx.Clock, ctx.Pull, ctx.Log, ct).ConfigureAwait(false);
    }

    private async Task DeliverAsync(DeliverySession session, CancellationToken ct)
    {
        while (true)
        {
            using (var held = DeliveryLock.TryAcquire(session.StateDir))
            {
                // Another process is delivering and will see what was appended: nothing to do.
                if (held is null)
                    return;
                var result = await session.Loop.RunAsync(LoopMode.Deliver, timeout: null, ct).ConfigureAwait(false);
                session.Loop.CompactJournal();
                // Nobody watches a background process: what went wrong goes to the log 'opencode-sync logs' shows.
                // Not logged in is a normal way to run (local archive only): nothing to report then.
                if (session.Problem is not null && result.Pending > 0 && !session.IsNotLoggedIn)
                    ctx.Log.TryWrite(LogLevel.Info, "deliver", $"{result.Pending} record(s) kept: {session.Problem}");
                else if (result.Unauthorized || result.DeadLettered > 0 || (result.Pending > 0 && result.LastError is not null))
                    ctx.Log.TryWrite(LogLevel.Warn, "deliver", $"{result.Pending} record(s) pending, {result.DeadLettered} dead-lettered: {result.LastError}");
            }

            // A hook that appended while we were deciding to exit found the lock held and started no one:
            // look once more now that the lock is free, and go round again if it did.
            if (!session.Journal.HasDataAfter(session.Db.Cursor))
                return;
        }
    }
}
