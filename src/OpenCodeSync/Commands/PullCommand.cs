using System.Globalization;
using System.Text.Json;
using ConsoleAppFramework;
using OpenCodeSync.Browse;
using OpenCodeSync.Cli;
using OpenCodeSync.Delivery;
using OpenCodeSync.Hosting;
using OpenCodeSync.Http;
using OpenCodeSync.Pull;

namespace OpenCodeSync.Commands;

/// <summary>The <c>pull --json</c> report.</summary>
public sealed record PullReport(bool DryRun, int Listed, int Unchanged, int Imported, int Skipped, int Failed, bool Complete, bool Interrupted,
    IReadOnlyList<PullReportSession> Sessions);

/// <param name="Id">The backend's own id of the session.</param>
/// <param name="SessionId">Its externalId: the id <c>sessions</c> and <c>show</c> use.</param>
public sealed record PullReportSession(string Id, string? SessionId, string Status, string? Reason, string? Title, int Messages, int LeftOut);

[ConsoleAppFilter<ErrorFilter>]
public sealed class PullCommand(CliContext ctx)
{
    private const string Name = "pull";

    /// <summary>Bring the sessions of every machine on this OpenSync account into the local archive (new and changed ones only).</summary>
    /// <param name="dryRun">List what would be fetched; fetch and store nothing.</param>
    /// <param name="since">Only sessions updated since (2026-01-31, today, yesterday, 7d, 2w; local time).</param>
    /// <param name="project">Only sessions of this project directory (and below), as the other machine recorded it.</param>
    /// <param name="json">Print the result as JSON.</param>
    /// <param name="timeout">Stop after this many seconds (what was imported stays; 0: no limit).</param>
    [Command("pull")]
    public async Task<int> RunAsync(bool dryRun = false, string? since = null, string? project = null, bool json = false, int timeout = 0,
        CancellationToken cancellationToken = default)
    {
        if (timeout < 0)
            return Fail("--timeout must be 0 (no limit) or more seconds", ExitCodes.Usage);
        long? sinceMs = null;
        if (since is not null && (sinceMs = SinceArg.Parse(since, ctx.Clock.Now, TimeZoneInfo.Local)) is null)
            return Fail(SinceArg.Invalid(since), ExitCodes.Usage);
        // Another machine's paths are not this one's: a relative --project is taken as written, from the root.
        var filter = new PullFilter(sinceMs, project is null ? null : Path.IsPathRooted(project) ? project : Path.GetFullPath(Path.Combine(ctx.WorkingDirectory, project)));

        using var delivery = DeliverySession.Open(ctx.DeliveryHost, respectPause: false);
        if (delivery.IsNotLoggedIn)
            return Fail("not logged in: run 'opencode-sync login' first (pull reads the sessions of your OpenSync account)", ExitCodes.NotConfigured);
        if (delivery.Problem is not null)
            return Fail(delivery.Problem, ExitCodes.NotConfigured);
        if (delivery.Archive is not { } archive || archive.WriteProblem is not null)
            return Fail($"the local archive cannot be written: {delivery.Archive?.WriteProblem ?? "see 'opencode-sync logs'"}", ExitCodes.LocalError);

        using var held = await DeliveryLock.AcquireAsync(delivery.StateDir, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        if (held is null)
            return Fail($"another delivery process kept {DeliveryLock.FileName} for 60 s", ExitCodes.BackendFailing);

        SyncProgress? progress = null;
        var gate = new Lock();
        var run = new PullRun(delivery.Client!, delivery.Db, archive, ctx.Pull, delivery.Records.IsExcluded, ctx.Clock)
        {
            OnPlanned = n => progress = new SyncProgress(ctx.Console, ctx.Clock, n, enabled: !json, verb: Name),
            OnResult = r =>
            {
                lock (gate)
                    progress?.Add(new BackfillResult(r.SessionId ?? r.BackendId, r.Status switch
                    {
                        PullStatus.Imported => BackfillStatus.Synced,
                        PullStatus.Skipped => BackfillStatus.Skipped,
                        _ => BackfillStatus.Failed,
                    }, r.Reason, r.Title, r.Messages));
            },
        };
        PullOutcome outcome;
        // The limit covers the requests in flight and their retries, not only the gaps between them.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout > 0)
            deadline.CancelAfter(TimeSpan.FromSeconds(timeout));
        try
        {
            outcome = await run.RunAsync(filter, dryRun, deadline.Token).ConfigureAwait(false);
        }
        finally
        {
            progress?.Finish();
        }

        foreach (var r in outcome.Results.Where(r => r.Status != PullStatus.Imported || r.LeftOut > 0))
            ctx.Log.TryWrite(r.Status == PullStatus.Failed ? LogLevel.Warn : LogLevel.Info, Name, $"{r.BackendId} ({r.SessionId}): {r.Status}: {r.Reason}");
        if (outcome.Stopped is { } stopped)
        {
            ctx.Log.TryWrite(LogLevel.Warn, Name, outcome.StopReason ?? stopped.ToString());
            Fail(stopped == ApiOutcome.Unauthorized
                ? $"{outcome.StopReason}; run 'opencode-sync login' with a working key"
                : outcome.StopReason ?? "the backend failed", ExitCodes.BackendFailing);
        }
        var timedOut = outcome.Interrupted && deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
        if (timedOut)
            ctx.Console.Error.WriteLine($"opencode-sync {Name}: stopped at the --timeout of {timeout} s; what was imported stays, run 'opencode-sync pull' again to go on");
        if (json)
            ctx.Console.Out.WriteLine(JsonSerializer.Serialize(Report(outcome, dryRun), ReportJson.Default.PullReport));
        else if (outcome.Stopped is null)
            PrintSummary(outcome, dryRun);

        return outcome.Stopped is not null || timedOut ? ExitCodes.BackendFailing
            : outcome.Interrupted ? ExitCodes.Interrupted
            : outcome.Count(PullStatus.Failed) > 0 ? ExitCodes.BackendFailing
            : ExitCodes.Ok;
    }

    private static PullReport Report(PullOutcome o, bool dryRun) => new(dryRun, o.Listed, o.Unchanged, o.Count(PullStatus.Imported),
        o.Count(PullStatus.Skipped), o.Count(PullStatus.Failed), o.Complete, o.Interrupted,
        [.. o.Results.Select(r => new PullReportSession(r.BackendId, r.SessionId, r.Status.ToString().ToLowerInvariant(), r.Reason, r.Title, r.Messages, r.LeftOut))]);

    private void PrintSummary(PullOutcome o, bool dryRun)
    {
        var w = ctx.Console.Out;
        var c = CultureInfo.InvariantCulture;
        var imported = o.Results.Where(r => r.Status == PullStatus.Imported).ToList();
        var messages = imported.Sum(r => r.Messages);
        w.WriteLine(string.Create(c, $"{(o.Interrupted ? "Interrupted: " : "")}{(dryRun ? "would pull" : "pulled")} {imported.Count} session(s) ({messages} messages); " +
            $"{o.Unchanged} unchanged, {o.Count(PullStatus.Skipped)} skipped, {o.Count(PullStatus.Failed)} failed."));
        foreach (var g in o.Results.Where(r => r.Status == PullStatus.Skipped).GroupBy(r => r.Reason))
            w.WriteLine(string.Create(c, $"  skipped  {g.Count()}: {g.Key}"));
        foreach (var r in o.Results.Where(r => r.Status == PullStatus.Failed).Take(50))
            w.WriteLine($"  failed   {r.SessionId ?? r.BackendId}: {r.Reason}");
        var partial = imported.Where(r => r.LeftOut > 0).ToList();
        if (partial.Count > 0)
            w.WriteLine(string.Create(c, $"  {partial.Sum(r => r.LeftOut)} unreadable message(s)/part(s) in {partial.Count} session(s) were left out (see 'opencode-sync logs')."));
        if (!o.Complete && !o.Interrupted)
            w.WriteLine(string.Create(c, $"  The backend's list reached back {o.Listed} session(s) for this pull; older ones are not in it."));
        if (o.Interrupted)
            w.WriteLine("  Run 'opencode-sync pull' again to continue: what was imported stays.");
    }

    private int Fail(string message, int code)
    {
        ctx.Console.Error.WriteLine($"opencode-sync {Name}: {message}");
        return code;
    }
}
