using System.Globalization;
using System.Text;
using System.Text.Json;
using ConsoleAppFramework;
using OpenCodeSync.Browse;
using OpenCodeSync.Config;
using OpenCodeSync.Delivery;
using OpenCodeSync.Hosting;
using OpenCodeSync.Json;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Sync;
using OpenCodeSync.Cli;
using OpenCodeSync.History;
using OpenCodeSync.Http;
using OpenCodeSync.Sqlite;
using OpenCodeSync.State;

namespace OpenCodeSync.Commands;

/// <summary>The <c>sync --json</c> report.</summary>
public sealed record SyncReport(int Synced, int Skipped, int Failed, bool Interrupted, IReadOnlyList<SyncReportSession> Sessions);

public sealed record SyncReportSession(string Id, string Status, string? Reason, string? Title, int Messages);

[ConsoleAppFilter<ErrorFilter>]
public sealed class SyncCommand(CliContext ctx)
{
    /// <summary>Backfill past sessions from OpenCode's local history (opencode.db, or the older JSON storage).</summary>
    /// <param name="new">Sessions this machine has not synced yet (the default).</param>
    /// <param name="all">Every session the server does not list yet.</param>
    /// <param name="force">Every session, sent again.</param>
    /// <param name="session">Only this session id.</param>
    /// <param name="since">Only sessions active since (2026-01-31, today, yesterday, 7d, 2w; local time).</param>
    /// <param name="project">Only sessions of this project directory (and below).</param>
    /// <param name="dryRun">Print the (redacted) records that would be sent; send nothing.</param>
    /// <param name="export">Write one JSON file per session {session, messages} into this directory instead of sending.</param>
    /// <param name="json">Print the summary as JSON.</param>
    /// <param name="timeout">Give up on records the backend does not take within this many seconds of the last session read.</param>
    [Command("sync")]
    public async Task<int> RunAsync(bool @new = false, bool all = false, bool force = false, string? session = null, string? since = null,
        string? project = null, bool dryRun = false, string? export = null, bool json = false, int timeout = 300,
        CancellationToken cancellationToken = default)
    {
        var err = ctx.Console.Error;
        if ((@new ? 1 : 0) + (all ? 1 : 0) + (force ? 1 : 0) > 1)
            return Usage("choose one of --new, --all, --force");
        if (dryRun && export is not null)
            return Usage("choose one of --dry-run, --export");
        long? sinceMs = null;
        if (since is not null && (sinceMs = SinceArg.Parse(since, ctx.Clock.Now, TimeZoneInfo.Local)) is null)
            return Usage(SinceArg.Invalid(since));
        var mode = force ? BackfillMode.Force : all ? BackfillMode.All : BackfillMode.New;
        var filter = new BackfillFilter(session, sinceMs,
            project is null ? null : Path.GetFullPath(Path.IsPathRooted(project) ? project : Path.Combine(ctx.WorkingDirectory, project)));

        var sources = new List<IHistorySource>();
        try
        {
            var problems = OpenSources(sources);
            foreach (var p in problems)
                err.WriteLine($"opencode-sync sync: {p}");
            if (sources.Count == 0)
            {
                err.WriteLine($"opencode-sync sync: no OpenCode history found (looked for {OpenCodeDb.DefaultPath(ctx.Env)} and {LegacyRoot()})");
                return problems.Count > 0 ? ExitCodes.LocalError : ExitCodes.NotConfigured;
            }
            return dryRun || export is not null
                ? await PreviewAsync(sources, mode, filter, export, json, cancellationToken).ConfigureAwait(false)
                : await SendAsync(sources, mode, filter, json, TimeSpan.FromSeconds(Math.Max(1, timeout)), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var s in sources)
                s.Dispose();
        }

        int Usage(string message)
        {
            err.WriteLine($"opencode-sync sync: {message}");
            return ExitCodes.Usage;
        }
    }

    private string LegacyRoot() => Path.Combine(OpenCodeDb.OpenCodeDataDir(ctx.Env), LegacyStorage.DirName);

    private List<string> OpenSources(List<IHistorySource> sources)
    {
        var problems = new List<string>();
        var dbPath = OpenCodeDb.DefaultPath(ctx.Env);
        if (File.Exists(dbPath))
        {
            try
            {
                sources.Add(OpenCodeDb.Open(dbPath));
            }
            catch (SqliteException e)
            {
                problems.Add($"cannot read {dbPath}: {e.Message}");
            }
        }
        if (LegacyStorage.Exists(LegacyRoot()))
            sources.Add(new LegacyStorage(LegacyRoot()));
        return problems;
    }

    /// <summary>--dry-run and --export: records only, nothing stored, nothing sent, no account needed.</summary>
    private async Task<int> PreviewAsync(List<IHistorySource> sources, BackfillMode mode, BackfillFilter filter, string? exportDir, bool json, CancellationToken ct)
    {
        var config = EffectiveConfig.Resolve(ctx.Config.Load(), ctx.Env);
        var records = DeliverySession.RecordOptionsFor(ctx.DeliveryHost, config);
        using var db = mode == BackfillMode.New ? StateDb.OpenExisting(ctx.Paths.StateDir) : null;
        HashSet<string>? onServer = null;
        if (mode == BackfillMode.All && (onServer = await ServerSessionsAsync(config, ct).ConfigureAwait(false)) is null)
            return ExitCodes.BackendFailing;
        if (exportDir is not null)
            PrivateFiles.EnsureDirectory(exportDir);

        var results = new List<BackfillResult>();
        var candidates = Backfill.Candidates(sources, filter).ToList();
        var progress = new SyncProgress(ctx.Console, ctx.Clock, candidates.Count, enabled: exportDir is not null && !json, verb: "export");
        var interrupted = await ForEachSessionAsync(candidates, snap => Backfill.SkipReason(mode, snap, records, db, onServer), async (snap, _) =>
        {
            var export = Backfill.Records(snap, records);
            var text = JsonSerializer.Serialize(export, ReportJson.Default.SessionExport);
            if (exportDir is not null)
                await File.WriteAllTextAsync(Path.Combine(exportDir, FileNameOf(snap.SessionId) + ".json"), text + "\n", ct).ConfigureAwait(false);
            else if (!json)
                ctx.Console.Out.WriteLine(text);
            return export.Messages.Count;
        }, r => { results.Add(r); progress.Add(r); }, ct).ConfigureAwait(false);
        progress.Finish();
        return Summarize(results, interrupted, json, exportDir is null ? "would sync" : $"exported to {exportDir}");
    }

    private async Task<int> SendAsync(List<IHistorySource> sources, BackfillMode mode, BackfillFilter filter, bool json, TimeSpan timeout, CancellationToken ct)
    {
        using var delivery = DeliverySession.Open(ctx.DeliveryHost, respectPause: false);
        if (delivery.IsNotLoggedIn && mode != BackfillMode.All)
            return await ArchiveOnlyAsync(delivery, sources, mode, filter, json, timeout, ct).ConfigureAwait(false);
        if (delivery.Problem is not null)
        {
            ctx.Console.Error.WriteLine($"opencode-sync sync: {delivery.Problem}; 'sync --dry-run' and 'sync --export DIR' work without an account");
            return ExitCodes.NotConfigured;
        }
        HashSet<string>? onServer = null;
        if (mode == BackfillMode.All)
        {
            var list = await delivery.Client!.ListSessionsAsync(ct).ConfigureAwait(false);
            if (list.Outcome != ApiOutcome.Ok)
            {
                ctx.Console.Error.WriteLine($"opencode-sync sync: cannot list the server's sessions: {list.Describe()}");
                return list.Outcome == ApiOutcome.Unauthorized ? ExitCodes.NotConfigured : ExitCodes.BackendFailing;
            }
            onServer = new HashSet<string>(list.Value?.SessionIds ?? [], StringComparer.Ordinal);
        }
        using var held = await WriterLockAsync(delivery.StateDir, timeout, ct).ConfigureAwait(false);
        if (held is null)
            return ExitCodes.BackendFailing;

        var candidates = Backfill.Candidates(sources, filter).ToList();
        var results = new List<BackfillResult>();
        var progress = new SyncProgress(ctx.Console, ctx.Clock, candidates.Count, enabled: !json, verb: "sync");
        var interrupted = false;
        try
        {
            var sender = new BackfillSender(delivery.Db, delivery.Loop, delivery.Worker!, ctx.Clock, delivery.Options);
            await sender.RunAsync(candidates, snap => Backfill.SkipReason(mode, snap, delivery.Records, delivery.Db, onServer), mode == BackfillMode.Force,
                timeout, r => { results.Add(r); progress.Add(r); }, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // What was queued stays in state.db: the next `sync` (or any delivery) sends it.
            interrupted = true;
        }
        progress.Finish();
        delivery.Loop.CompactJournal();
        return Summarize(results, interrupted, json, "synced");
    }

    /// <summary>
    /// Nobody logged in: past sessions go into the local archive (and stay queued, so a later login sends them).
    /// The same store and planning as a real sync, minus the network.
    /// </summary>
    private async Task<int> ArchiveOnlyAsync(DeliverySession delivery, List<IHistorySource> sources, BackfillMode mode, BackfillFilter filter,
        bool json, TimeSpan timeout, CancellationToken ct)
    {
        if (delivery.Archive is null || delivery.Archive.WriteProblem is not null)
        {
            ctx.Console.Error.WriteLine($"opencode-sync sync: not logged in, and the local archive cannot be written: " +
                $"{delivery.Archive?.WriteProblem ?? "see 'opencode-sync logs'"}");
            return ExitCodes.NotConfigured;
        }
        using var held = await WriterLockAsync(delivery.StateDir, timeout, ct).ConfigureAwait(false);
        if (held is null)
            return ExitCodes.BackendFailing;

        var candidates = Backfill.Candidates(sources, filter).ToList();
        var results = new List<BackfillResult>();
        var progress = new SyncProgress(ctx.Console, ctx.Clock, candidates.Count, enabled: !json, verb: "archive");
        var interrupted = await ForEachSessionAsync(candidates, snap => Backfill.SkipReason(mode, snap, delivery.Records, delivery.Db, onServer: null), (snap, entities) =>
        {
            delivery.Db.ApplyEntities(entities);
            delivery.Loop.PlanSession(snap.SessionId);
            return Task.FromResult(snap.Messages.Count(m => RecordBuilder.IsComplete(snap, m)));
        }, r => { results.Add(r); progress.Add(r); }, ct).ConfigureAwait(false);
        progress.Finish();
        var code = Summarize(results, interrupted, json, $"archived in {delivery.Archive.Path}");
        if (!json)
            ctx.Console.Out.WriteLine("Local only — run `opencode-sync login` to sync them to OpenSync.");
        return code;
    }

    /// <summary>
    /// Reads the candidates one at a time and hands each one not skipped to <paramref name="handle"/> (which returns
    /// its message count); one bad session never stops the rest. True when cancelled before the end.
    /// </summary>
    private static async Task<bool> ForEachSessionAsync(IEnumerable<(IHistorySource Source, HistorySession Header)> candidates,
        Func<SessionSnapshot, string?> skipReason, Func<SessionSnapshot, IReadOnlyList<EntityUpdate>, Task<int>> handle,
        Action<BackfillResult> report, CancellationToken ct)
    {
        foreach (var (source, header) in candidates)
        {
            if (ct.IsCancellationRequested)
                return true;
            BackfillResult result;
            try
            {
                var entities = source.Load(header);
                var snap = SessionSnapshot.Build(header.Id, entities);
                var title = snap.Info?.Str("title");
                result = skipReason(snap) is { } why
                    ? new BackfillResult(header.Id, BackfillStatus.Skipped, why, title)
                    : new BackfillResult(header.Id, BackfillStatus.Synced, null, title, await handle(snap, entities).ConfigureAwait(false));
            }
            catch (OperationCanceledException)
            {
                return true;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                result = new BackfillResult(header.Id, BackfillStatus.Failed, e.Message);
            }
            report(result);
        }
        return false;
    }

    /// <summary>The state and archive have one writer at a time: waits for a background delivery to finish.</summary>
    private async Task<DeliveryLock?> WriterLockAsync(string stateDir, TimeSpan timeout, CancellationToken ct)
    {
        var held = await DeliveryLock.AcquireAsync(stateDir, timeout, ct).ConfigureAwait(false);
        if (held is null)
            ctx.Console.Error.WriteLine($"opencode-sync sync: another delivery process kept {DeliveryLock.FileName} for {timeout.TotalSeconds:0} s");
        return held;
    }

    private async Task<HashSet<string>?> ServerSessionsAsync(EffectiveConfig config, CancellationToken ct)
    {
        if (!config.IsConfigured || !BackendUrl.TryNormalize(config.Url.Value, out var url, out _) || !ApiKey.TryValidate(config.ApiKey.Value, out var key, out _))
        {
            ctx.Console.Error.WriteLine("opencode-sync sync: --all asks the server what it holds: run 'opencode-sync login' first");
            return null;
        }
        var list = await ctx.InteractiveClient(url, key).ListSessionsAsync(ct).ConfigureAwait(false);
        if (list.Outcome != ApiOutcome.Ok)
        {
            ctx.Console.Error.WriteLine($"opencode-sync sync: cannot list the server's sessions: {list.Describe()}");
            return null;
        }
        return new HashSet<string>(list.Value?.SessionIds ?? [], StringComparer.Ordinal);
    }

    private int Summarize(List<BackfillResult> results, bool interrupted, bool json, string verb)
    {
        var synced = results.Count(r => r.Status == BackfillStatus.Synced);
        var skipped = results.Count(r => r.Status == BackfillStatus.Skipped);
        var failed = results.Count(r => r.Status == BackfillStatus.Failed);
        if (json)
        {
            var report = new SyncReport(synced, skipped, failed, interrupted,
                [.. results.Select(r => new SyncReportSession(r.SessionId, r.Status.ToString().ToLowerInvariant(), r.Reason, r.Title, r.Messages))]);
            ctx.Console.Out.WriteLine(JsonSerializer.Serialize(report, ReportJson.Default.SyncReport));
        }
        else
        {
            var o = ctx.Console.Out;
            var sb = new StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"{(interrupted ? "Interrupted: " : "")}{synced} session(s) {verb}, {skipped} skipped, {failed} failed.");
            o.WriteLine(sb.ToString());
            foreach (var g in results.Where(r => r.Status == BackfillStatus.Skipped).GroupBy(r => r.Reason))
                o.WriteLine($"  skipped  {g.Count()}: {g.Key}");
            foreach (var r in results.Where(r => r.Status == BackfillStatus.Failed).Take(50))
                o.WriteLine($"  failed   {r.SessionId}: {r.Reason}");
            if (interrupted)
                o.WriteLine("  Run the same command again to continue.");
        }
        return interrupted ? ExitCodes.Interrupted : failed > 0 ? ExitCodes.BackendFailing : ExitCodes.Ok;
    }

    private static string FileNameOf(string id)
    {
        var sb = new StringBuilder(id.Length);
        foreach (var c in id)
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_');
        return sb.ToString();
    }
}
