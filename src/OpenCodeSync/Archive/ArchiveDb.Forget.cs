namespace OpenCodeSync.Archive;

/// <summary>What forgetting one session removes (or, with <c>--dry-run</c>, would remove).</summary>
/// <param name="Pending">Outbox records still waiting to be sent.</param>
/// <param name="DeadLetters">Records the backend refused for good, kept in state.db.</param>
/// <param name="Sent">The backend accepted the session from this machine: its copy there stays.</param>
public sealed record ForgetCounts(string Id, long Messages, long Parts, long Pending, long DeadLetters, bool Sent);

/// <summary>Removing sessions for good: from the archive and, through the attached state, from the outbox.</summary>
public sealed partial class ArchiveDb
{
    /// <summary>An exact session id that state.db knows but the archive does not (never archived: excluded, or held).</summary>
    public bool IsInState(string id)
    {
        RequireState();
        lock (_gate)
        {
            var s = _db.Prepare("SELECT 1 FROM st.entities WHERE session_id = ?1 UNION ALL SELECT 1 FROM st.delivery WHERE session_id = ?1 LIMIT 1").Bind(1, id);
            var found = s.Step();
            s.Reset();
            return found;
        }
    }

    public ForgetCounts CountForget(string id)
    {
        RequireState();
        lock (_gate)
        {
            long One(string sql)
            {
                var s = _db.Prepare(sql).Bind(1, id);
                var value = s.Step() ? s.Long(0) ?? 0 : 0;
                s.Reset();
                return value;
            }
            return new ForgetCounts(id,
                One("SELECT COUNT(*) FROM messages WHERE session_id = ?1"),
                One("SELECT COALESCE(SUM(json_array_length(record, '$.parts')), 0) FROM messages WHERE session_id = ?1"),
                One("SELECT COUNT(*) FROM st.delivery WHERE session_id = ?1 AND pending_fp IS NOT NULL"),
                One("SELECT COUNT(*) FROM st.dead_letters WHERE session_id = ?1"),
                One("SELECT COUNT(*) FROM st.delivery WHERE kind = 'session' AND id = ?1 AND first_sent_at IS NOT NULL") > 0);
        }
    }

    /// <summary>
    /// Removes the sessions from the archive (rows and search index) and from state.db (folded entities, outbox,
    /// dead letters, dirty marks), and records them as forgotten so their events are never folded again. One
    /// transaction over both files; SQLite commits each WAL file atomically but not the pair, so a crash between
    /// the two commits can leave one side: forgetting the same id again removes it (an exact id that only
    /// state.db still knows is accepted, see <see cref="IsInState"/>).
    /// </summary>
    /// <exception cref="ArchiveException">The archive belongs to a newer opencode-sync.</exception>
    public void Forget(IReadOnlyList<string> ids, long now)
    {
        EnsureWritable();
        RequireState();
        lock (_gate)
        {
            _db.InTransaction(() =>
            {
                foreach (var id in ids)
                {
                    _db.Prepare("INSERT INTO st.forgotten(session_id, at) VALUES(?1, ?2) ON CONFLICT(session_id) DO UPDATE SET at = excluded.at")
                        .Bind(1, id).Bind(2, now).Run();
                    foreach (var sql in ForgetSql)
                        _db.Prepare(sql).Bind(1, id).Run();
                }
            });
        }
    }

    private static readonly string[] ForgetSql =
    [
        "DELETE FROM st.entities WHERE session_id = ?1",
        "DELETE FROM st.delivery WHERE session_id = ?1",
        "DELETE FROM st.dead_letters WHERE session_id = ?1",
        "DELETE FROM st.dirty_sessions WHERE session_id = ?1",
        "DELETE FROM message_text WHERE rowid IN (SELECT rowid FROM messages WHERE session_id = ?1)",
        "DELETE FROM messages WHERE session_id = ?1",
        "DELETE FROM sessions WHERE id = ?1",
    ];

    private void RequireState()
    {
        if (!_stateAttached)
            throw new ArchiveException("the delivery state (state.db) is not attached to the archive");
    }
}
