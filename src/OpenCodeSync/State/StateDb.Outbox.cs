using OpenCodeSync.Sqlite;
namespace OpenCodeSync.State;

/// <summary>The outbox: per-record delivery state, what is due, and what was given up on.</summary>
public sealed partial class StateDb
{
    private const string RowColumns =
        "kind, id, session_id, ord, sent_fp, sent_json, first_sent_at, last_sent_at, pending_fp, pending_json, due_at, " +
        "attempts, invalid_attempts, next_attempt_at, last_error, dead_fp, server_prompt, server_completion";

    public IReadOnlyList<OutboxRow> RowsOf(string sessionId)
    {
        lock (_gate)
        {
            var s = _db.Prepare($"SELECT {RowColumns} FROM delivery WHERE session_id = ?1 ORDER BY ord, kind DESC, id").Bind(1, sessionId);
            var rows = new List<OutboxRow>();
            while (s.Step())
                rows.Add(ReadRow(s));
            s.Reset();
            return rows;
        }
    }

    /// <summary>Replaces the session's pending sends with <paramref name="sends"/> and clears its dirty mark, atomically.</summary>
    public void ApplyPlan(string sessionId, IReadOnlyList<PlannedSend> sends)
    {
        lock (_gate)
        {
            _db.InTransaction(() =>
            {
                _db.Prepare("UPDATE delivery SET pending_fp = NULL, pending_json = NULL, due_at = NULL WHERE session_id = ?1")
                    .Bind(1, sessionId).Run();
                foreach (var p in sends)
                {
                    _db.Prepare("INSERT INTO delivery(kind, id, session_id, ord, pending_fp, pending_json, due_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) " +
                                "ON CONFLICT(kind, id) DO UPDATE SET ord = excluded.ord, pending_fp = excluded.pending_fp, " +
                                "pending_json = excluded.pending_json, due_at = excluded.due_at")
                        .Bind(1, p.Kind).Bind(2, p.Id).Bind(3, sessionId).Bind(4, p.Ord).Bind(5, p.Fingerprint).Bind(6, p.Json).Bind(7, p.DueAt).Run();
                }
                _db.Prepare("DELETE FROM dirty_sessions WHERE session_id = ?1").Bind(1, sessionId).Run();
            });
        }
    }

    /// <summary>
    /// True when the backend accepted this session's record from this machine and none of its records is still
    /// queued (an interrupted <c>sync</c> leaves some: the next one picks the session up again).
    /// </summary>
    public bool WasSessionSent(string sessionId)
    {
        lock (_gate)
        {
            var s = _db.Prepare("SELECT 1 FROM delivery WHERE kind = 'session' AND id = ?1 AND first_sent_at IS NOT NULL " +
                                "AND NOT EXISTS (SELECT 1 FROM delivery WHERE session_id = ?1 AND pending_fp IS NOT NULL)").Bind(1, sessionId);
            var sent = s.Step();
            s.Reset();
            return sent;
        }
    }

    /// <summary>Forgets what was sent for a session (<c>sync --force</c>): its next plan resends every record.</summary>
    public void ForgetDelivery(string sessionId)
    {
        lock (_gate)
        {
            _db.InTransaction(() =>
            {
                _db.Prepare("DELETE FROM delivery WHERE session_id = ?1").Bind(1, sessionId).Run();
                MarkDirtyLocked(sessionId);
            });
        }
    }

    /// <summary>Sessions with at least one send due at <paramref name="now"/>.</summary>
    public IReadOnlyList<string> SessionsDue(long now)
    {
        lock (_gate)
        {
            var s = _db.Prepare("SELECT DISTINCT session_id FROM delivery WHERE pending_fp IS NOT NULL AND due_at <= ?1 ORDER BY session_id").Bind(1, now);
            var list = new List<string>();
            while (s.Step())
                list.Add(s.String(0));
            s.Reset();
            return list;
        }
    }

    /// <summary>The earliest due time of anything pending; null when the outbox is empty.</summary>
    public long? NextDueAt()
    {
        lock (_gate)
        {
            var s = _db.Prepare("SELECT MIN(due_at) FROM delivery WHERE pending_fp IS NOT NULL");
            var value = s.Step() ? s.Long(0) : null;
            s.Reset();
            return value;
        }
    }

    public long PendingCount()
    {
        lock (_gate)
            return Scalar("SELECT COUNT(*) FROM delivery WHERE pending_fp IS NOT NULL");
    }

    /// <summary>
    /// Sessions whose messages are held because the session's info has not arrived (their first record is planned
    /// for later and no session entity exists yet).
    /// </summary>
    public long HeldSessionCount(long now)
    {
        lock (_gate)
        {
            return Scalar("SELECT COUNT(*) FROM delivery d WHERE d.kind = 'session' AND d.pending_fp IS NOT NULL AND d.first_sent_at IS NULL " +
                          "AND d.due_at > ?1 AND NOT EXISTS (SELECT 1 FROM entities e WHERE e.kind = 1 AND e.entity_id = d.id)", now);
        }
    }

    public long DeadLetterCount()
    {
        lock (_gate)
            return Scalar("SELECT COUNT(*) FROM dead_letters");
    }

    public IReadOnlyList<OutboxRow> PendingRows()
    {
        lock (_gate)
        {
            var s = _db.Prepare($"SELECT {RowColumns} FROM delivery WHERE pending_fp IS NOT NULL ORDER BY session_id, ord");
            var rows = new List<OutboxRow>();
            while (s.Step())
                rows.Add(ReadRow(s));
            s.Reset();
            return rows;
        }
    }

    /// <summary>
    /// The backend accepted <paramref name="row"/>'s pending body. A session body with tokens sets the totals the
    /// backend is known to hold. A message's first acceptance with tokens (<paramref name="inserted"/>) changes
    /// them as <paramref name="effect"/> says: kept, added, or — while it is unknown whether the backend adds them —
    /// forgotten, so the session's totals go again after it (see OutboxPlanner).
    /// </summary>
    public void MarkSent(OutboxRow row, long now, long? sessionPrompt = null, long? sessionCompletion = null,
        (long Prompt, long Completion)? inserted = null, MessageTokenEffect effect = MessageTokenEffect.Unknown)
    {
        lock (_gate)
        {
            _db.InTransaction(() =>
            {
                _db.Prepare("UPDATE delivery SET sent_fp = pending_fp, sent_json = CASE WHEN kind = 'session' THEN pending_json END, " +
                            "first_sent_at = COALESCE(first_sent_at, ?3), last_sent_at = ?3, pending_fp = NULL, pending_json = NULL, due_at = NULL, " +
                            "attempts = 0, invalid_attempts = 0, next_attempt_at = NULL, last_error = NULL, " +
                            "server_prompt = COALESCE(?4, server_prompt), server_completion = COALESCE(?5, server_completion) " +
                            "WHERE kind = ?1 AND id = ?2 AND pending_fp = ?6")
                    .Bind(1, row.Kind).Bind(2, row.Id).Bind(3, now).Bind(4, sessionPrompt).Bind(5, sessionCompletion).Bind(6, row.PendingFp).Run();
                if (row.Kind == RecordKind.Message && !row.WasSent && inserted is { } t && (t.Prompt > 0 || t.Completion > 0) &&
                    effect != MessageTokenEffect.Kept)
                {
                    // Summed onto a known belief stays known; anything else is unknown until a session body is accepted.
                    if (effect == MessageTokenEffect.Summed)
                    {
                        _db.Prepare("UPDATE delivery SET server_prompt = server_prompt + ?2, server_completion = server_completion + ?3 WHERE kind = 'session' AND id = ?1")
                            .Bind(1, row.SessionId).Bind(2, t.Prompt).Bind(3, t.Completion).Run();
                    }
                    else
                    {
                        _db.Prepare("UPDATE delivery SET server_prompt = NULL, server_completion = NULL WHERE kind = 'session' AND id = ?1")
                            .Bind(1, row.SessionId).Run();
                    }
                }
                WriteMeta(MetaKeys.LastSuccessAt, now.ToString(System.Globalization.CultureInfo.InvariantCulture));
            });
        }
    }

    /// <summary>A failed send: counts it, keeps it queued until <paramref name="retryAt"/>.</summary>
    public void MarkFailed(OutboxRow row, string error, long now, long retryAt, bool invalidContent)
    {
        lock (_gate)
        {
            _db.InTransaction(() =>
            {
                _db.Prepare("UPDATE delivery SET attempts = attempts + 1, invalid_attempts = invalid_attempts + ?3, " +
                            "next_attempt_at = ?4, due_at = MAX(COALESCE(due_at, 0), ?4), last_error = ?5 WHERE kind = ?1 AND id = ?2")
                    .Bind(1, row.Kind).Bind(2, row.Id).Bind(3, invalidContent ? 1 : 0).Bind(4, retryAt).Bind(5, error).Run();
                WriteError(error, now);
            });
        }
    }

    /// <summary>Gives up on the pending body of <paramref name="row"/>: it moves to dead letters and stops blocking.</summary>
    public void MarkDead(OutboxRow row, string error, long now)
    {
        lock (_gate)
        {
            _db.InTransaction(() =>
            {
                _db.Prepare("INSERT INTO dead_letters(kind, id, session_id, fingerprint, record_json, error, at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                    .Bind(1, row.Kind).Bind(2, row.Id).Bind(3, row.SessionId).Bind(4, row.PendingFp).Bind(5, row.PendingJson ?? "")
                    .Bind(6, error).Bind(7, now).Run();
                _db.Prepare("UPDATE delivery SET dead_fp = pending_fp, pending_fp = NULL, pending_json = NULL, due_at = NULL, " +
                            "attempts = 0, invalid_attempts = 0, next_attempt_at = NULL, last_error = ?3 WHERE kind = ?1 AND id = ?2")
                    .Bind(1, row.Kind).Bind(2, row.Id).Bind(3, error).Run();
                WriteError(error, now);
            });
        }
    }

    public void RecordError(string error, long now)
    {
        lock (_gate)
            WriteError(error, now);
    }

    private void WriteError(string error, long now)
    {
        WriteMeta(MetaKeys.LastError, error);
        WriteMeta(MetaKeys.LastErrorAt, now.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static OutboxRow ReadRow(SqliteStatement s) => new(
        s.String(0), s.String(1), s.String(2), (int)s.Int64(3), s.Text(4), s.Text(5), s.Long(6), s.Long(7),
        s.Text(8), s.Text(9), s.Long(10), (int)s.Int64(11), (int)s.Int64(12), s.Long(13), s.Text(14), s.Text(15),
        s.Long(16), s.Long(17));
}
