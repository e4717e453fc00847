using System.Text;
using System.Text.Json;
using OpenCodeSync.Hosting;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Store;

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
    private int _sent, _failed, _dead;
    private string? _lastError;

    public async Task<SendSummary> SendDueAsync(CancellationToken ct)
    {
        _sent = _failed = _dead = 0;
        _lastError = null;
        var sessions = db.SessionsDue(Now);
        if (sessions.Count > 0 && !_unauthorized)
        {
            await Parallel.ForEachAsync(sessions, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = ct },
                async (session, token) => await SendSessionAsync(session, token).ConfigureAwait(false)).ConfigureAwait(false);
        }
        return new SendSummary(_sent, _failed, _dead, _unauthorized, _lastError);
    }

    private long Now => clock.Now.ToUnixTimeMilliseconds();

    private async Task SendSessionAsync(string sessionId, CancellationToken ct)
    {
        var any = false;
        foreach (var row in db.RowsOf(sessionId).Where(r => r.IsPending))
        {
            var blocksOthers = row.Kind == RecordKind.Session && !row.WasSent;
            if (_unauthorized)
                break;
            if (row.DueAt > Now)
            {
                if (blocksOthers)
                    break;
                continue;
            }

            var outcome = await SendAsync(row, ct).ConfigureAwait(false);
            any |= outcome == Step.Sent;
            if (outcome == Step.Stop || (outcome == Step.Retry && blocksOthers))
                break;
        }
        // Replan: what was just accepted changes what the backend holds (e.g. totals after new messages).
        if (any)
            db.MarkDirty(sessionId);
    }

    private enum Step { Sent, Retry, Dead, Stop }

    private async Task<Step> SendAsync(OutboxRow row, CancellationToken ct)
    {
        var path = row.Kind == RecordKind.Session ? "/sync/session" : "/sync/message";
        var result = await client.PostJsonAsync(path, Encoding.UTF8.GetBytes(row.PendingJson ?? "{}"), ct).ConfigureAwait(false);
        var now = Now;
        var error = $"{row.Kind} {row.Id}: {result.Describe()}";
        switch (result.Outcome)
        {
            case ApiOutcome.Ok:
                MarkSent(row, now);
                Interlocked.Increment(ref _sent);
                return Step.Sent;

            case ApiOutcome.Unauthorized:
                // Nothing can work with this key: keep everything queued until the key changes or works again.
                _unauthorized = true;
                _lastError = error;
                db.RecordError(error, now);
                return Step.Stop;

            case ApiOutcome.Rejected:
                Dead(row, error, now);
                return Step.Dead;

            case ApiOutcome.ServerError when OpenSyncHttp.IsInvalidContent(result.Message):
                // The same bytes will fail again, but the backend could be mid-deploy: a few runs, then give up.
                if (row.InvalidAttempts + 1 >= options.MaxInvalidAttempts)
                {
                    Dead(row, error, now);
                    return Step.Dead;
                }
                Fail(row, error, now, invalid: true);
                return Step.Retry;

            default:
                // The HTTP layer already retried; the backend is struggling: back off and leave the rest of this session.
                Fail(row, error, now, invalid: false);
                return Step.Stop;
        }
    }

    private void MarkSent(OutboxRow row, long now)
    {
        var (prompt, completion) = Tokens(row.PendingJson);
        if (row.Kind == RecordKind.Session)
            db.MarkSent(row, now, sessionPrompt: prompt > 0 ? prompt : null, sessionCompletion: completion > 0 ? completion : null);
        else
            db.MarkSent(row, now, messagePrompt: prompt, messageCompletion: completion);
    }

    private void Fail(OutboxRow row, string error, long now, bool invalid)
    {
        Interlocked.Increment(ref _failed);
        _lastError = error;
        db.MarkFailed(row, error, now, now + options.BackoffMs(row.Attempts), invalid);
    }

    private void Dead(OutboxRow row, string error, long now)
    {
        Interlocked.Increment(ref _dead);
        _lastError = error;
        db.MarkDead(row, error, now);
        DeadLetterFile.Append(stateDir, new DeadLetter(row.Kind, row.Id, row.SessionId, row.PendingFp ?? "", row.PendingJson ?? "", error, now));
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
}
