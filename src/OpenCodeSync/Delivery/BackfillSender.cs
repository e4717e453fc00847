using System.Collections.Concurrent;
using System.Threading.Channels;
using OpenCodeSync.Hosting;
using OpenCodeSync.Json;
using OpenCodeSync.Sync;
using OpenCodeSync.History;
using OpenCodeSync.State;

namespace OpenCodeSync.Delivery;

/// <summary>
/// <c>sync</c>'s sending half. One task reads past sessions from history, stores their entities and plans their
/// records, one session at a time; <see cref="DeliveryOptions.BackfillParallelism"/> tasks send planned sessions
/// as soon as each is ready. A backfill is bound by round trips, not by work, so throughput comes from having
/// many sessions in flight, while each session still goes strictly in order (its first record before its messages,
/// one request at a time) through the ordinary worker, retries and circuit breaker included.
/// </summary>
/// <remarks>
/// Memory stays flat in the size of the history: the queue between reader and senders is bounded, and a queued
/// session is only an id (its records wait in state.db). What cannot go right away — a record backing off after
/// failures, a time-gated update — is left to one ordinary flush at the end, which also delivers live events
/// that arrived meanwhile.
/// </remarks>
public sealed class BackfillSender(StateDb db, DeliveryLoop loop, DeliveryWorker worker, IClock clock, DeliveryOptions options)
{
    private sealed record Queued(string SessionId, string? Title, int Messages, PlannedSession Planned);

    /// <summary>
    /// Sends every candidate that <paramref name="skipReason"/> lets through. <paramref name="onResult"/> hears of
    /// each session once, from one task at a time. Throws <see cref="OperationCanceledException"/> when
    /// <paramref name="ct"/> fires; what was queued then stays in state.db for the next run. Returns false when the
    /// backend refused the key (the rest is not read).
    /// </summary>
    public async Task<bool> RunAsync(
        IEnumerable<(IHistorySource Source, HistorySession Session)> candidates, Func<SessionSnapshot, string?> skipReason, bool force,
        TimeSpan timeout, Action<BackfillResult> onResult, CancellationToken ct)
    {
        var gate = new Lock();
        void Report(BackfillResult r)
        {
            lock (gate)
                onResult(r);
        }

        var deferred = new ConcurrentQueue<Queued>();
        var parallelism = Math.Max(1, options.BackfillParallelism);
        // A little slack so a sender finishing a session finds the next one already planned.
        var queue = Channel.CreateBounded<Queued>(new BoundedChannelOptions(parallelism) { SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var reader = Task.Run(() => ReadAsync(candidates, skipReason, force, queue.Writer, Report, stop.Token), stop.Token);
        var senders = Enumerable.Range(0, parallelism)
            .Select(_ => Task.Run(() => SendAsync(queue.Reader, deferred, Report, stop.Token), stop.Token))
            .ToArray();
        await AllOrFirstFailureAsync([reader, .. senders], stop, ct).ConfigureAwait(false);

        var flushed = await loop.RunAsync(LoopMode.Flush, timeout, ct).ConfigureAwait(false);
        foreach (var q in deferred)
            Report(Backfill.ResultOf(db, q.SessionId, q.Title, q.Messages, flushed));
        return !flushed.Unauthorized;
    }

    private async Task ReadAsync(
        IEnumerable<(IHistorySource Source, HistorySession Session)> candidates, Func<SessionSnapshot, string?> skipReason, bool force,
        ChannelWriter<Queued> queue, Action<BackfillResult> report, CancellationToken ct)
    {
        try
        {
            foreach (var (source, header) in candidates)
            {
                ct.ThrowIfCancellationRequested();
                if (worker.KeyRefused)
                    break;
                Queued item;
                try
                {
                    var entities = source.Load(header);
                    var snap = SessionSnapshot.Build(header.Id, entities);
                    if (skipReason(snap) is { } why)
                    {
                        report(new BackfillResult(header.Id, BackfillStatus.Skipped, why, snap.Info?.Str("title")));
                        continue;
                    }
                    if (force)
                        db.ForgetDelivery(header.Id);
                    db.ApplyEntities(entities);
                    // Planned from the store, not from the history alone: live events may already hold newer versions.
                    var planned = loop.PlanSession(header.Id);
                    item = new Queued(header.Id, snap.Info?.Str("title"), snap.Messages.Count(m => RecordBuilder.IsComplete(snap, m)), planned);
                }
                catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
                {
                    report(new BackfillResult(header.Id, BackfillStatus.Failed, e.Message));
                    continue;
                }
                await queue.WriteAsync(item, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            queue.TryComplete();
        }
    }

    private async Task SendAsync(ChannelReader<Queued> queue, ConcurrentQueue<Queued> deferred, Action<BackfillResult> report, CancellationToken ct)
    {
        await foreach (var q in queue.ReadAllAsync(ct).ConfigureAwait(false))
        {
            if (await DeliverAsync(q.SessionId, q.Planned, ct).ConfigureAwait(false))
                report(Backfill.ResultOf(db, q.SessionId, q.Title, q.Messages, loop: null));
            else
                deferred.Enqueue(q);
        }
    }

    /// <summary>Sends the session until nothing of it is pending (true), or until what is left must wait (false).</summary>
    private async Task<bool> DeliverAsync(string sessionId, PlannedSession planned, CancellationToken ct)
    {
        while (true)
        {
            var sent = await worker.SendSessionAsync(sessionId, ct).ConfigureAwait(false);
            if (sent.Unauthorized)
                return false;
            // Accepted records change what the backend holds (e.g. the session's totals): replan as delivery does.
            loop.PlanSession(sessionId, archive: false, reuse: planned);
            var pending = db.RowsOf(sessionId).Where(r => r.IsPending).ToList();
            if (pending.Count == 0)
                return true;
            if (sent.Sent == 0 || pending.Min(r => r.DueAt ?? 0) > clock.Now.ToUnixTimeMilliseconds())
                return false;
        }
    }

    /// <summary>
    /// Waits for every task; the first to fail cancels the others (a sender gone would leave the reader blocked on a
    /// full queue). Rethrows that first real failure, or the cancellation when the caller cancelled.
    /// </summary>
    private static async Task AllOrFirstFailureAsync(Task[] tasks, CancellationTokenSource stop, CancellationToken ct)
    {
        var pending = tasks.ToList();
        Exception? failure = null;
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending).ConfigureAwait(false);
            pending.Remove(done);
            if (done.IsFaulted && failure is null)
            {
                failure = done.Exception!.InnerException;
                await stop.CancelAsync().ConfigureAwait(false);
            }
        }
        ct.ThrowIfCancellationRequested();
        if (failure is not null)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }
}
