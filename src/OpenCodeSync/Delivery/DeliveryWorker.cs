using System.Text;
using System.Text.Json;
using OpenCodeSync.Hosting;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Http;
using OpenCodeSync.State;

namespace OpenCodeSync.Delivery;

/// <summary>What one send pass did.</summary>
public sealed record SendSummary(int Sent, int Failed, int DeadLettered, bool Unauthorized, string? LastError);

/// <summary>
/// Outbox → HTTP. Sessions go in parallel; one session's sends go strictly in planned order, and a session's
/// first record must be accepted before any of its messages (else the backend auto-creates a bare session).
/// </summary>
public sealed class DeliveryWorker(StateDb db, OpenSyncClient client, IClock clock, DeliveryOptions options, string stateDir)
{
    private volatile bool _unauthorized;
    private readonly MessageTokenProbe _tokens = new(db, client);

    /// <summary>The backend refused the key: this worker sends nothing more.</summary>
    public bool KeyRefused => _unauthorized;

    /// <summary>Where each failed attempt is said (the log `logs` shows); null in tests that do not look.</summary>
    public AttemptLog? Attempts { get; init; }

    /// <summary>Sends every session with something due, <see cref="DeliveryOptions.Parallelism"/> at a time.</summary>
    public async Task<SendSummary> SendDueAsync(CancellationToken ct)
    {
        var tally = new Tally();
        var sessions = db.SessionsDue(Now);
        if (sessions.Count > 0 && !_unauthorized)
        {
            await Parallel.ForEachAsync(sessions, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = ct },
                async (session, token) => await SendSessionAsync(session, tally, token).ConfigureAwait(false)).ConfigureAwait(false);
        }
        return tally.Summary(_unauthorized);
    }

    /// <summary>
    /// Sends what is due of one session, in order (backfill streams sessions through here one by one). A refused
    /// key stops this worker for good: every later call returns at once with <see cref="SendSummary.Unauthorized"/>.
    /// </summary>
    public async Task<SendSummary> SendSessionAsync(string sessionId, CancellationToken ct)
    {
        var tally = new Tally();
        if (!_unauthorized)
            await SendSessionAsync(sessionId, tally, ct).ConfigureAwait(false);
        return tally.Summary(_unauthorized);
    }

    private long Now => clock.Now.ToUnixTimeMilliseconds();

    private async Task SendSessionAsync(string sessionId, Tally tally, CancellationToken ct)
    {
        var any = false;
        var rows = db.RowsOf(sessionId);
        var sessionAccepted = rows.Any(r => r.Kind == RecordKind.Session && r.WasSent);
        try
        {
            foreach (var row in rows.Where(r => r.IsPending))
            {
                var firstRecord = row.Kind == RecordKind.Session && !row.WasSent;
                // A message before its session's record would make the backend create a bare session (createdAt = now).
                if (_unauthorized || (row.Kind == RecordKind.Message && !sessionAccepted))
                    break;
                if (row.DueAt > Now)
                {
                    if (firstRecord)
                        break;
                    continue;
                }

                var outcome = await SendAsync(row, tally, () => any = true, ct).ConfigureAwait(false);
                sessionAccepted |= firstRecord && outcome == Step.Sent;
                if (outcome == Step.Stop || (outcome == Step.Retry && firstRecord))
                    break;
            }
        }
        finally
        {
            // Replan: what was just accepted changes what the backend holds (e.g. the totals go after the messages).
            // Also when cancelled right after an acceptance: a run stopped there must not leave the totals unplanned
            // (the next run skips the session as synced, and nothing else would replan it).
            if (any)
                db.MarkDirty(sessionId);
        }
    }

    private enum Step { Sent, Retry, Dead, Stop }

    /// <param name="accepted">Called as soon as the backend has accepted the row (before any follow-up read that may be cancelled).</param>
    private async Task<Step> SendAsync(OutboxRow row, Tally tally, Action accepted, CancellationToken ct)
    {
        var path = row.Kind == RecordKind.Session ? "/sync/session" : "/sync/message";
        var tokens = Tokens(row.PendingJson);
        var before = _tokens.WantsToWatch(row, tokens) ? await _tokens.ReadAsync(row.SessionId, ct).ConfigureAwait(false) : null;
        var result = await client.PostJsonAsync(path, Encoding.UTF8.GetBytes(row.PendingJson ?? "{}"), ct).ConfigureAwait(false);
        var now = Now;
        var error = $"{row.Kind} {row.Id}: {result.Describe()}";
        switch (result.Outcome)
        {
            case ApiOutcome.Ok:
                MarkSent(row, now, tokens);
                accepted();
                if (before is { } totals)
                    await _tokens.AfterInsertAsync(row.SessionId, totals, tokens, ct).ConfigureAwait(false);
                tally.Sent();
                return Step.Sent;

            case ApiOutcome.Unauthorized:
                // Nothing can work with this key: keep everything queued until the key changes or works again.
                _unauthorized = true;
                Attempts?.Failed($"{row.Kind} {row.Id}", result.Describe(), row.Attempts + 1, now, dead: false);
                tally.Error(error);
                db.RecordError(error, now);
                return Step.Stop;

            case ApiOutcome.Rejected:
                Dead(row, error, now, tally);
                return Step.Dead;

            case ApiOutcome.ServerError when OpenSyncHttp.IsInvalidContent(result.Message):
                // The same bytes will fail again, but the backend could be mid-deploy: a few runs, then give up.
                if (row.InvalidAttempts + 1 >= options.MaxInvalidAttempts)
                {
                    Dead(row, error, now, tally);
                    return Step.Dead;
                }
                Fail(row, error, now, invalid: true, tally);
                return Step.Retry;

            default:
                // The HTTP layer already retried; the backend is struggling: back off and leave the rest of this session.
                Fail(row, error, now, invalid: false, tally);
                return Step.Stop;
        }
    }

    private void MarkSent(OutboxRow row, long now, (long Prompt, long Completion) tokens)
    {
        if (row.Kind == RecordKind.Session)
            db.MarkSent(row, now, sessionPrompt: tokens.Prompt > 0 ? tokens.Prompt : null, sessionCompletion: tokens.Completion > 0 ? tokens.Completion : null);
        else
            db.MarkSent(row, now, inserted: tokens, effect: _tokens.Effect);
    }

    private void Fail(OutboxRow row, string error, long now, bool invalid, Tally tally)
    {
        tally.Failed(error);
        var next = now + options.BackoffMs(row.Attempts);
        db.MarkFailed(row, error, now, next, invalid);
        Attempts?.Failed($"{row.Kind} {row.Id}", Cause(row, error), row.Attempts + 1, next);
    }

    private void Dead(OutboxRow row, string error, long now, Tally tally)
    {
        tally.Dead(error);
        Attempts?.Failed($"{row.Kind} {row.Id}", Cause(row, error), row.Attempts + 1, now, dead: true);
        db.MarkDead(row, error, now);
        DeadLetterFile.Append(stateDir, new DeadLetter(row.Kind, row.Id, row.SessionId, row.PendingFp ?? "", row.PendingJson ?? "", error, now));
    }

    /// <summary>The error without the record it names: what repeats across records in an outage.</summary>
    private static string Cause(OutboxRow row, string error)
    {
        var prefix = $"{row.Kind} {row.Id}: ";
        return error.StartsWith(prefix, StringComparison.Ordinal) ? error[prefix.Length..] : error;
    }

    private static (long Prompt, long Completion) Tokens(string? json)
    {
        if (json is null)
            return (0, 0);
        using var doc = JsonDocument.Parse(json);
        return (Read(doc.RootElement, "promptTokens"), Read(doc.RootElement, "completionTokens"));

        static long Read(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : 0;
    }

    /// <summary>Counts of one call; sessions of a pass add to it from several tasks.</summary>
    private sealed class Tally
    {
        private int _sent, _failed, _dead;
        private volatile string? _lastError;

        public void Sent() => Interlocked.Increment(ref _sent);

        public void Failed(string error)
        {
            Interlocked.Increment(ref _failed);
            _lastError = error;
        }

        public void Dead(string error)
        {
            Interlocked.Increment(ref _dead);
            _lastError = error;
        }

        public void Error(string error) => _lastError = error;

        public SendSummary Summary(bool unauthorized) => new(_sent, _failed, _dead, unauthorized, _lastError);
    }
}
