using System.Globalization;
using OpenCodeSync.Config;
using OpenCodeSync.Delivery;
using OpenCodeSync.Hosting;
using OpenCodeSync.State;

namespace OpenCodeSync.Pull;

/// <summary>
/// <c>pull.auto</c>: the background delivery process pulls once it has sent what was queued, at most every
/// <c>pull.interval</c> minutes. It runs where nobody is watching, so it never throws and says what happened in the log.
/// </summary>
public static class AutoPull
{
    /// <summary>Whether a pull is due: on, logged in, and the last attempt (successful or not) older than the interval.</summary>
    public static bool IsDue(EffectiveConfig config, StateDb state, DateTimeOffset now)
    {
        if (!config.IsOn(Settings.PullAuto))
            return false;
        var last = state.GetMeta(MetaKeys.PullAttemptAt) is { } v && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var at) ? at : 0;
        return now.ToUnixTimeMilliseconds() - last >= config.MinutesOf(Settings.PullInterval).TotalMilliseconds;
    }

    /// <summary>Pulls when due (the caller holds the delivery lock); null when it did not run.</summary>
    public static async Task<PullOutcome?> RunIfDueAsync(DeliverySession session, EffectiveConfig config, IClock clock, PullOptions options,
        FileLog log, CancellationToken ct)
    {
        if (session.Client is not { } client || session.Archive is not { WriteProblem: null } archive || !IsDue(config, session.Db, clock.Now))
            return null;
        // Recorded before the run: a key the backend refuses, or a backend that is down, is not asked again each delivery.
        session.Db.SetMeta(MetaKeys.PullAttemptAt, clock.Now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        try
        {
            var outcome = await new PullRun(client, session.Db, archive, options, session.Records.IsExcluded, clock)
                .RunAsync(new PullFilter(), dryRun: false, ct).ConfigureAwait(false);
            log.TryWrite(outcome.Stopped is null && outcome.Count(PullStatus.Failed) == 0 ? LogLevel.Info : LogLevel.Warn, "pull",
                outcome.StopReason ?? string.Create(CultureInfo.InvariantCulture,
                    $"automatic pull: {outcome.Count(PullStatus.Imported)} imported, {outcome.Unchanged} unchanged, {outcome.Count(PullStatus.Skipped)} skipped, {outcome.Count(PullStatus.Failed)} failed"));
            return outcome;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.TryWrite(LogLevel.Warn, "pull", $"automatic pull failed: {e.Message}");
            return null;
        }
    }
}
