using System.Globalization;
using OpenCodeSync.Archive;
using OpenCodeSync.Hosting;
using OpenCodeSync.Journal;
using OpenCodeSync.Json;
using OpenCodeSync.Sync;
using OpenCodeSync.Sqlite;
using OpenCodeSync.State;

namespace OpenCodeSync.Delivery;

public enum LoopMode
{
    /// <summary>Background: exit once idle (nothing new, nothing due soon).</summary>
    Deliver,

    /// <summary>Foreground: run until nothing is pending, waiting out time windows.</summary>
    Flush,
}

/// <summary>A session as it was planned: its snapshot and records (null records: deleted or excluded).</summary>
public sealed record PlannedSession(SessionSnapshot Snapshot, SessionRecords? Records);

/// <summary>How a loop ended.</summary>
public sealed record LoopResult(long Pending, bool Unauthorized, int DeadLettered, bool TimedOut, string? LastError);

/// <summary>
/// The whole data path, repeated: journal → fold → records of dirty sessions → local archive and outbox plan →
/// send what is due. <paramref name="worker"/> is null when not logged in (or paused on a refused key): then it
/// only folds, archives and plans, keeping everything for later.
/// </summary>
public sealed class DeliveryLoop(
    StateDb db, IJournalSource journal, DeliveryWorker? worker, IClock clock, DeliveryOptions options, RecordOptions recordOptions, string? keyId = null)
{
    private readonly JournalFold _fold = new(db, journal);

    public Action<string>? OnFoldError { get; init; }

    /// <summary>Something the log should say about a session's delivery that is not an error.</summary>
    public Action<string>? OnNote { get; init; }

    /// <summary>The local archive each changed session is copied to (null: none, e.g. in tests of sending alone).</summary>
    public ArchiveDb? Archive { get; init; }

    /// <summary>Why the archive could not be written; delivery goes on regardless.</summary>
    public Action<string>? OnArchiveError { get; init; }

    /// <summary>Folds what the journal has, archives and replans every dirty session; returns the events read.</summary>
    public int FoldAndPlan()
    {
        var folded = _fold.FoldAvailable(OnFoldError);
        foreach (var session in db.DirtySessions())
            PlanSession(session);
        return folded.Events;
    }

    /// <summary>
    /// One session's records → the local archive (when <paramref name="archive"/>) and the outbox plan. The one
    /// place both are decided, for live events and backfill alike. A replan after a send passes the
    /// <paramref name="reuse"/> of the first plan: only what the backend holds changed, not the session.
    /// </summary>
    public PlannedSession PlanSession(string sessionId, bool archive = true, PlannedSession? reuse = null)
    {
        var snap = reuse?.Snapshot ?? db.Snapshot(sessionId);
        // Deleted or excluded sessions get no new records: the archive keeps what it had, like the backend.
        var built = reuse is not null ? reuse.Records
            : snap.Deleted || recordOptions.IsExcluded(snap.Info?.Str("directory")) ? null : SessionRecords.Build(snap, recordOptions);
        if (built is not null && archive)
            SaveToArchive(built);
        var rows = db.RowsOf(sessionId);
        var plan = OutboxPlanner.Plan(snap, rows, clock.Now.ToUnixTimeMilliseconds(), recordOptions, built, (long)options.SessionInfoWait.TotalMilliseconds);
        db.ApplyPlan(sessionId, plan);
        if (snap.Info is null && plan.Count > 0 && !rows.Any(r => r.Kind == RecordKind.Session))
            OnNote?.Invoke(HeldNote(sessionId, snap));
        return new PlannedSession(snap, built);
    }

    private string HeldNote(string sessionId, SessionSnapshot snap) =>
        $"session {sessionId}: {snap.Messages.Count} message(s) arrived before its session info; they wait up to " +
        $"{options.SessionInfoWait.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s for it, then the session is created from them " +
        "(createdAt = its earliest message)";

    private void SaveToArchive(SessionRecords built)
    {
        // A newer binary's archive is never written (said once, when it was opened).
        if (Archive is null || Archive.IsNewer)
            return;
        try
        {
            Archive.Save(built);
        }
        catch (Exception e) when (e is SqliteException or IOException)
        {
            // Sending must not depend on the local copy; the next change of the session writes it again.
            OnArchiveError?.Invoke(e.Message);
        }
    }

    public void CompactJournal() => _fold.CompactIfFullyRead();

    public async Task<LoopResult> RunAsync(LoopMode mode, TimeSpan? timeout, CancellationToken ct)
    {
        // The limit holds during a request and its retries too, not only between passes: a stalled backend would
        // otherwise keep a `flush --timeout 3` waiting through every attempt and backoff. What was in flight stays
        // queued (the outbox row is only marked sent once the backend answered).
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (timeout is { } limit)
            deadline.CancelAfter(limit < TimeSpan.Zero ? TimeSpan.Zero : limit);
        try
        {
            return await RunUntilAsync(mode, timeout, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            FoldAndPlan();
            return new LoopResult(db.PendingCount(), false, 0, true, "the backend did not answer within the time limit");
        }
    }

    private async Task<LoopResult> RunUntilAsync(LoopMode mode, TimeSpan? timeout, CancellationToken ct)
    {
        var started = clock.Timestamp;
        var idleSince = clock.Timestamp;
        var dead = 0;
        string? lastError = null;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var events = FoldAndPlan();
            if (worker is not null)
            {
                var s = await worker.SendDueAsync(ct).ConfigureAwait(false);
                (dead, lastError) = (dead + s.DeadLettered, s.LastError ?? lastError);
                if (s.Unauthorized)
                {
                    db.SetMeta(MetaKeys.PausedUnauthorized, $"{keyId} {clock.Now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}");
                    FoldAndPlan();
                    return new LoopResult(db.PendingCount(), true, dead, false, s.LastError);
                }
                if (s.Sent > 0)
                    db.SetMeta(MetaKeys.PausedUnauthorized, null);
                if (s.Sent + s.DeadLettered > 0)
                {
                    idleSince = clock.Timestamp;
                    continue;
                }
            }
            if (events > 0 || journal.HasDataAfter(db.Cursor))
            {
                idleSince = clock.Timestamp;
                continue;
            }

            var pending = db.PendingCount();
            var now = clock.Now.ToUnixTimeMilliseconds();
            var nextDue = db.NextDueAt();
            var idle = clock.Elapsed(idleSince) >= options.IdleExit;
            // Offline (not logged in) a background run still lingers until idle, archiving as events come: a turn's
            // bursts then share one process instead of each hook starting another.
            var done = (mode == LoopMode.Flush && (worker is null || pending == 0))
                || (mode == LoopMode.Deliver && idle && (worker is null || nextDue is null || nextDue - now > options.WaitForDue.TotalMilliseconds));
            var timedOut = timeout is { } t && clock.Elapsed(started) >= t;
            if (done || timedOut)
                return new LoopResult(pending, false, dead, timedOut && !done, lastError);

            // Sleep until the next send is due, but look at the journal at least every poll.
            var wait = nextDue is { } due ? Math.Clamp(due - now, 5, (long)options.Poll.TotalMilliseconds) : (long)options.Poll.TotalMilliseconds;
            await Task.Delay(TimeSpan.FromMilliseconds(wait), ct).ConfigureAwait(false);
        }
    }
}
