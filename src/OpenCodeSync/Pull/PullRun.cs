using System.Globalization;
using System.Threading.Channels;
using OpenCodeSync.Archive;
using OpenCodeSync.Hosting;
using OpenCodeSync.Http;
using OpenCodeSync.OpenSync;
using OpenCodeSync.State;

namespace OpenCodeSync.Pull;

/// <summary>Which listed sessions a pull looks at; a filtered pull never moves the watermark.</summary>
/// <param name="SinceMs">Only sessions updated at or after this time (ms).</param>
/// <param name="Project">Only sessions of this directory and below.</param>
public sealed record PullFilter(long? SinceMs = null, string? Project = null)
{
    public bool IsEmpty => SinceMs is null && Project is null;

    public bool Admits(RemoteSession s) =>
        (SinceMs is not { } since || (s.UpdatedAt ?? 0) >= since)
        && (Project is not { } p || s.ProjectPath is { } path && IsUnder(path, p));

    private static bool IsUnder(string path, string root)
    {
        var r = root.TrimEnd('/');
        return path == r || path.StartsWith(r + "/", StringComparison.Ordinal) || r.Length == 0;
    }
}

public enum PullStatus { Imported, Skipped, Failed }

/// <summary>What happened to one listed session that was new or had changed.</summary>
/// <param name="LeftOut">Messages and parts that could not be read and were left out.</param>
public sealed record PullResult(string BackendId, string? SessionId, string? Title, PullStatus Status, string? Reason, int Messages = 0, int LeftOut = 0);

/// <summary>A whole pull: how far the list went, and what came of each session in it that needed a fetch.</summary>
/// <param name="Listed">Sessions the backend listed.</param>
/// <param name="Unchanged">Listed sessions already imported at the same <c>updatedAt</c>.</param>
/// <param name="Complete">The list reached sessions known before (or the account's oldest): nothing was out of its reach.</param>
/// <param name="Stopped">Why the run ended early (a refused key, the backend down), or null.</param>
public sealed record PullOutcome(int Listed, int Unchanged, bool Complete, bool Interrupted, ApiOutcome? Stopped, string? StopReason,
    IReadOnlyList<PullResult> Results)
{
    public int Count(PullStatus status) => Results.Count(r => r.Status == status);
}

/// <summary>
/// One pull: list the account's sessions newest-updated first (the backend has no cursor, so the list is asked
/// for again with a larger limit until it reaches what an earlier pull saw), then fetch each new or changed one
/// a few at a time and store it in the archive as pulled. Each import commits with its version in the state, so
/// a pull killed midway keeps what it finished and the next one goes on from there.
/// </summary>
public sealed class PullRun(OpenSyncClient client, StateDb state, ArchiveDb archive, PullOptions options, Func<string?, bool> isExcluded, IClock clock)
{
    /// <summary>
    /// The list is read this far below the watermark: a write whose timestamp was taken just before an earlier
    /// pull's list, but committed after it, is still seen.
    /// </summary>
    internal const long WatermarkMargin = 60_000;

    /// <summary>Called with the number of sessions to fetch once the list is read.</summary>
    public Action<int>? OnPlanned { get; init; }

    /// <summary>Called as each session ends (from several tasks, one at a time).</summary>
    public Action<PullResult>? OnResult { get; init; }

    public async Task<PullOutcome> RunAsync(PullFilter filter, bool dryRun, CancellationToken ct)
    {
        var watermark = ReadWatermark();
        var listing = await ListAsync(watermark, filter, ct).ConfigureAwait(false);
        if (listing.Stopped is not null || listing.Sessions is null)
            return new PullOutcome(0, 0, false, listing.Interrupted, listing.Stopped, listing.StopReason, []);

        var known = state.PulledVersions();
        var results = new List<PullResult>();
        var toFetch = new List<RemoteSession>();
        var unchanged = 0;
        foreach (var s in listing.Sessions)
        {
            if (!filter.Admits(s))
                continue;
            if (s.Id is not { Length: > 0 } id)
            {
                results.Add(new PullResult("?", s.ExternalId, s.Title, PullStatus.Skipped, "the backend listed it without an id"));
                continue;
            }
            if (known.TryGetValue(id, out var version) && version == Whole(s.UpdatedAt))
                unchanged++;
            else if (SkipReason(s) is { } why)
                results.Add(new PullResult(id, s.ExternalId, s.Title, PullStatus.Skipped, why));
            else
                toFetch.Add(s);
        }
        foreach (var r in results)
            OnResult?.Invoke(r);
        OnPlanned?.Invoke(toFetch.Count);

        var (interrupted, stopped, stopReason) = await FetchAllAsync(toFetch, dryRun, results, ct).ConfigureAwait(false);
        interrupted |= listing.Interrupted;
        if (!dryRun && stopped is null && !interrupted && listing.Complete && filter.IsEmpty)
            AdvanceWatermark(listing.Sessions, toFetch, results);
        if (!dryRun && stopped is null)
            state.SetLastPull(clock.Now.ToUnixTimeMilliseconds(), results.Count(r => r.Status == PullStatus.Imported));
        return new PullOutcome(listing.Sessions.Count, unchanged, listing.Complete, interrupted, stopped, stopReason, results);
    }

    private string? SkipReason(RemoteSession s)
    {
        if (s.ExternalId is not { Length: > 0 } externalId)
            return null;
        if (archive.IsLocal(externalId))
            return "recorded on this machine (its own copy is kept)";
        if (state.IsForgotten(externalId))
            return "forgotten on this machine";
        if (isExcluded(s.ProjectPath))
            return "its project is excluded";
        return null;
    }

    private sealed record Listing(IReadOnlyList<RemoteSession>? Sessions, bool Complete, bool Interrupted = false, ApiOutcome? Stopped = null, string? StopReason = null);

    /// <summary>Grows the list ×4 until it holds everything newer than the watermark (or the filter's start).</summary>
    private async Task<Listing> ListAsync(long? watermark, PullFilter filter, CancellationToken ct)
    {
        IReadOnlyList<RemoteSession>? last = null;
        for (var limit = Math.Max(1, options.FirstPage); ; limit = (int)Math.Min((long)limit * 4, options.MaxList))
        {
            ApiResult<RemoteSessionsReply> reply;
            try
            {
                reply = await client.RemoteSessionsAsync(limit, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return new Listing(null, false, Interrupted: true);
            }
            if (!reply.IsOk)
            {
                // A longer list that the backend cannot read in one query (Convex caps reads): what the shorter one
                // held is still worth importing, but older sessions stay out of reach and the watermark stays.
                if (last is not null && reply.Outcome is ApiOutcome.ServerError)
                    return new Listing(last, Complete: false);
                return new Listing(null, false, Stopped: reply.Outcome, StopReason: $"cannot list the backend's sessions: {reply.Describe()}");
            }
            var sessions = (reply.Value?.Sessions ?? []).OfType<RemoteSession>().ToList();
            last = sessions;
            if (sessions.Count < limit)
                return new Listing(sessions, Complete: true);
            var oldest = sessions.Count == 0 ? 0 : sessions.Min(s => Whole(s.UpdatedAt) ?? 0);
            if (watermark is { } w && oldest < w - WatermarkMargin)
                return new Listing(sessions, Complete: true);
            // Everything the filter wants is in: older sessions are out of its range (a filtered pull never moves
            // the watermark, so this stop cannot hide them from the next full one).
            if (filter.SinceMs is { } since && oldest < since)
                return new Listing(sessions, Complete: true);
            if (limit >= options.MaxList)
                return new Listing(sessions, Complete: false);
        }
    }

    /// <summary>A fetched session waiting for the writer, with what its result will say.</summary>
    private sealed record Fetched(PulledSession Session, string BackendId, long Version, int LeftOut);

    /// <summary>
    /// Fetches run <see cref="PullOptions.Concurrency"/> at a time; one writer stores what has arrived, several sessions
    /// per transaction (a commit per session rewrote the shared index pages each time: the archive, not the network,
    /// bounded a pull). Each commit is followed by the versions it holds, so a kill loses at most the batch in hand.
    /// </summary>
    private async Task<(bool Interrupted, ApiOutcome? Stopped, string? Reason)> FetchAllAsync(List<RemoteSession> sessions, bool dryRun,
        List<PullResult> results, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        ApiOutcome? stopped = null;
        string? stopReason = null;
        var gate = new Lock();
        var queue = Channel.CreateBounded<Fetched>(new BoundedChannelOptions(options.Concurrency * 2) { SingleReader = true });
        void Report(PullResult r)
        {
            lock (gate)
            {
                results.Add(r);
                OnResult?.Invoke(r);
            }
        }
        var writer = Task.Run(() => WriteAllAsync(queue.Reader, dryRun, Report), CancellationToken.None);
        var interrupted = false;
        try
        {
            await Parallel.ForEachAsync(sessions, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Concurrency), CancellationToken = stop.Token },
                async (s, token) =>
                {
                    var (result, fetched, fatal) = await FetchOneAsync(s, dryRun, token).ConfigureAwait(false);
                    if (fatal is { } f)
                    {
                        lock (gate)
                        {
                            if (stopped is null)
                                (stopped, stopReason) = (f, result!.Reason);
                        }
                        await stop.CancelAsync().ConfigureAwait(false);
                    }
                    else if (fetched is not null)
                        await queue.Writer.WriteAsync(fetched, token).ConfigureAwait(false);
                    else
                        Report(result!);
                }).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            interrupted = stopped is null;
        }
        finally
        {
            // What was fetched is still stored: an interrupted pull keeps all it finished.
            queue.Writer.Complete();
            await writer.ConfigureAwait(false);
        }
        return (interrupted, stopped, stopReason);
    }

    private async Task WriteAllAsync(ChannelReader<Fetched> reader, bool dryRun, Action<PullResult> report)
    {
        var batch = new List<Fetched>();
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var f))
                batch.Add(f);
            if (dryRun)
            {
                foreach (var f in batch)
                    report(Imported(f, 0));
                continue;
            }
            IReadOnlyList<(bool Saved, int Clashes)> saved;
            try
            {
                saved = archive.SavePulled([.. batch.Select(f => f.Session)]);
                state.MarkPulled([.. batch.Where((_, i) => saved[i].Saved).Select(f => (f.BackendId, f.Session.Session.ExternalId, f.Version))]);
            }
            catch (Exception e) when (e is Sqlite.SqliteException or ArchiveException or IOException)
            {
                // The writer must go on draining, or the fetches waiting on it would wait forever.
                foreach (var f in batch)
                    report(new PullResult(f.BackendId, f.Session.Session.ExternalId, f.Session.Session.Title, PullStatus.Failed, $"cannot store it: {e.Message}"));
                continue;
            }
            for (var i = 0; i < batch.Count; i++)
            {
                var f = batch[i];
                report(saved[i].Saved
                    ? Imported(f, saved[i].Clashes)
                    : new PullResult(f.BackendId, f.Session.Session.ExternalId, f.Session.Session.Title, PullStatus.Skipped, LocalCopy));
            }
        }
    }

    /// <summary>Sessions one transaction stores at most: what arrives together goes together, a kill costs little.</summary>
    private const int MaxBatch = 32;

    private const string LocalCopy = "recorded on this machine (its own copy is kept)";

    private static PullResult Imported(Fetched f, int clashes)
    {
        var leftOut = f.LeftOut + clashes;
        return new PullResult(f.BackendId, f.Session.Session.ExternalId, f.Session.Session.Title, PullStatus.Imported,
            leftOut > 0 ? Parts(leftOut) : null, f.Session.Messages.Count - clashes, leftOut);
    }

    /// <summary>One session fetched and read: ready to store, or its result. A refused key (or no backend at all) is fatal to the run.</summary>
    private async Task<(PullResult? Result, Fetched? Fetched, ApiOutcome? Fatal)> FetchOneAsync(RemoteSession listed, bool dryRun, CancellationToken ct)
    {
        var id = listed.Id!;
        var reply = await client.SessionAsync(id, ct).ConfigureAwait(false);
        if (reply.Outcome == ApiOutcome.Unauthorized)
            return (new PullResult(id, listed.ExternalId, listed.Title, PullStatus.Failed, $"the backend refused the API key ({reply.Describe()})"), null, reply.Outcome);
        if (reply.Status == System.Net.HttpStatusCode.NotFound)
            return (new PullResult(id, listed.ExternalId, listed.Title, PullStatus.Skipped, "deleted on the backend since it was listed"), null, null);
        if (!reply.IsOk || reply.Value is not { } detail)
        {
            // A backend that stays down fails every fetch the same way: stop rather than report each one.
            if (reply.Outcome == ApiOutcome.Unreachable)
                return (new PullResult(id, listed.ExternalId, listed.Title, PullStatus.Failed, $"the backend cannot be reached ({reply.Describe()})"), null, reply.Outcome);
            return (new PullResult(id, listed.ExternalId, listed.Title, PullStatus.Failed, reply.Describe()), null, null);
        }

        var session = detail.Session ?? listed;
        var pulled = RemoteRecords.From(session, detail.Messages ?? [], out var leftOut, out var problem);
        var version = Whole(session.UpdatedAt) ?? Whole(listed.UpdatedAt) ?? 0;
        if (pulled is null)
        {
            // Unreadable as a whole: remembered at this version so it is not fetched again until it changes.
            if (!dryRun)
                state.MarkPulled([(id, listed.ExternalId ?? "", version)]);
            return (new PullResult(id, listed.ExternalId, listed.Title, PullStatus.Skipped, problem), null, null);
        }
        if (SkipReason(session) is { } why)
            return (new PullResult(id, pulled.Session.ExternalId, pulled.Session.Title, PullStatus.Skipped, why), null, null);
        return (null, new Fetched(pulled, id, version, leftOut), null);
    }

    private static string Parts(int n) => string.Create(CultureInfo.InvariantCulture, $"{n} unreadable message(s)/part(s) left out");

    /// <summary>
    /// Everything listed is now known: the next pull's list may stop at the newest version seen — but below any
    /// session that failed, so the next list reaches it again.
    /// </summary>
    private void AdvanceWatermark(IReadOnlyList<RemoteSession> listed, List<RemoteSession> fetched, List<PullResult> results)
    {
        if (listed.Count == 0)
            return;
        var mark = listed.Max(s => Whole(s.UpdatedAt) ?? 0);
        var failed = results.Where(r => r.Status == PullStatus.Failed).Select(r => r.BackendId).ToHashSet(StringComparer.Ordinal);
        foreach (var s in fetched)
            if (s.Id is { } id && failed.Contains(id))
                mark = Math.Min(mark, (Whole(s.UpdatedAt) ?? 0) - 1);
        state.SetMeta(MetaKeys.PullWatermark, mark.ToString(CultureInfo.InvariantCulture));
    }

    private long? ReadWatermark() =>
        state.GetMeta(MetaKeys.PullWatermark) is { } v && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var w) ? w : null;

    private static long? Whole(double? value) => RemoteRecords.Whole(value);
}
