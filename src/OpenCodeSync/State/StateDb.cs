using OpenCodeSync.Hosting;
using OpenCodeSync.Journal;
using OpenCodeSync.Sqlite;

namespace OpenCodeSync.State;

/// <summary>
/// <c>${state}/state.db</c>: the folded entities, the journal cursor, the outbox (per-record delivery
/// state), dead letters and status facts. One connection, serialized by a lock: delivery sends from
/// several tasks but every database step is short.
/// </summary>
public sealed partial class StateDb : IDisposable
{
    public const string FileName = "state.db";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS entities(
          kind INTEGER NOT NULL, entity_id TEXT NOT NULL, session_id TEXT NOT NULL, message_id TEXT,
          rank TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY(kind, entity_id)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS entities_by_session ON entities(session_id);
        CREATE TABLE IF NOT EXISTS journal_cursor(
          id INTEGER PRIMARY KEY CHECK(id = 1), generation TEXT NOT NULL, offset INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS dirty_sessions(session_id TEXT PRIMARY KEY) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS delivery(
          kind TEXT NOT NULL, id TEXT NOT NULL, session_id TEXT NOT NULL, ord INTEGER NOT NULL DEFAULT 0,
          sent_fp TEXT, sent_json TEXT, first_sent_at INTEGER, last_sent_at INTEGER,
          pending_fp TEXT, pending_json TEXT, due_at INTEGER,
          attempts INTEGER NOT NULL DEFAULT 0, invalid_attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER, last_error TEXT, dead_fp TEXT,
          server_prompt INTEGER, server_completion INTEGER,
          PRIMARY KEY(kind, id)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS delivery_by_session ON delivery(session_id);
        -- What is still to send: a handful of rows at any time, so "what is due", "how much is pending" and the
        -- archive's sync column stay small index reads however much was sent (over 260,000 delivered records the
        -- scans cost `status` 60 -> 23 ms and `sessions` ~0.8 ms).
        CREATE INDEX IF NOT EXISTS delivery_pending ON delivery(session_id, due_at) WHERE pending_fp IS NOT NULL;
        CREATE TABLE IF NOT EXISTS dead_letters(
          kind TEXT NOT NULL, id TEXT NOT NULL, session_id TEXT NOT NULL, fingerprint TEXT NOT NULL,
          record_json TEXT NOT NULL, error TEXT NOT NULL, at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
        -- Sessions removed with `forget`: their events, still in the journal or sent again by OpenCode, are never folded.
        CREATE TABLE IF NOT EXISTS forgotten(session_id TEXT PRIMARY KEY, at INTEGER NOT NULL) WITHOUT ROWID;
        -- Sessions `pull` brought down, by the backend's own id, with the updatedAt that was imported.
        CREATE TABLE IF NOT EXISTS pulled(backend_id TEXT PRIMARY KEY, session_id TEXT NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;
        """;

    private readonly Lock _gate = new();
    private readonly SqliteDb _db;

    private StateDb(SqliteDb db) => _db = db;

    public string Path { get; private init; } = "";

    /// <summary>Opens (creating with mode 0600 when missing) the database in <paramref name="stateDir"/>.</summary>
    public static StateDb Open(string stateDir)
    {
        var path = System.IO.Path.Combine(stateDir, FileName);
        var db = SqliteDb.OpenShared(path);
        try
        {
            db.Exec(Schema);
            var state = new StateDb(db) { Path = path };
            state.ForgetModelledTotals();
            return state;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>Opens an existing database for <c>status</c>; null when there is none yet.</summary>
    public static StateDb? OpenExisting(string stateDir)
    {
        var path = System.IO.Path.Combine(stateDir, FileName);
        return File.Exists(path) ? Open(stateDir) : null;
    }

    public JournalCursor Cursor
    {
        get
        {
            lock (_gate)
            {
                var s = _db.Prepare("SELECT generation, offset FROM journal_cursor WHERE id = 1");
                var cursor = s.Step() ? new JournalCursor(s.String(0), s.Int64(1)) : JournalCursor.Start;
                s.Reset();
                return cursor;
            }
        }
    }

    /// <summary>Saves the cursor alone (after a compaction); folding saves it with the entities instead.</summary>
    public void SaveCursor(JournalCursor cursor)
    {
        lock (_gate)
            WriteCursor(cursor);
    }

    private void WriteCursor(JournalCursor cursor) =>
        _db.Prepare("INSERT INTO journal_cursor(id, generation, offset) VALUES(1, ?1, ?2) " +
                    "ON CONFLICT(id) DO UPDATE SET generation = excluded.generation, offset = excluded.offset")
            .Bind(1, cursor.Generation).Bind(2, cursor.Offset).Run();

    public string? GetMeta(string key)
    {
        lock (_gate)
            return ReadMeta(key);
    }

    public void SetMeta(string key, string? value)
    {
        lock (_gate)
            WriteMeta(key, value);
    }

    private void WriteMeta(string key, string? value)
    {
        if (value is null)
            _db.Prepare("DELETE FROM meta WHERE key = ?1").Bind(1, key).Run();
        else
            _db.Prepare("INSERT INTO meta(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
                .Bind(1, key).Bind(2, value).Run();
    }

    /// <summary>
    /// Earlier versions believed the backend summed message tokens into sessions and kept that sum as what it
    /// held; today's backend holds only what a session upsert sent. Where the belief is not the last accepted
    /// body's totals, it is forgotten and the session replanned: its own totals then go again (once).
    /// </summary>
    private void ForgetModelledTotals()
    {
        lock (_gate)
        {
            if (ReadMeta(MetaKeys.TotalsFromAccepted) is not null)
                return;
            _db.InTransaction(() =>
            {
                const string Modelled = "kind = 'session' AND sent_json IS NOT NULL AND " +
                    "(server_prompt IS NOT json_extract(sent_json, '$.promptTokens') OR server_completion IS NOT json_extract(sent_json, '$.completionTokens'))";
                _db.Exec($"INSERT OR IGNORE INTO dirty_sessions(session_id) SELECT session_id FROM delivery WHERE {Modelled}");
                _db.Exec($"UPDATE delivery SET server_prompt = NULL, server_completion = NULL WHERE {Modelled}");
                WriteMeta(MetaKeys.TotalsFromAccepted, "1");
            });
        }
    }

    private string? ReadMeta(string key)
    {
        var s = _db.Prepare("SELECT value FROM meta WHERE key = ?1").Bind(1, key);
        var value = s.Step() ? s.Text(0) : null;
        s.Reset();
        return value;
    }

    private long Scalar(string sql, long? arg = null)
    {
        var s = _db.Prepare(sql);
        if (arg is not null)
            s.Bind(1, arg);
        var value = s.Step() ? s.Long(0) ?? 0 : 0;
        s.Reset();
        return value;
    }

    public void Dispose()
    {
        lock (_gate)
            _db.Dispose();
    }
}

/// <summary>Keys of the meta table.</summary>
public static class MetaKeys
{
    public const string LastSuccessAt = "last_success_at";
    public const string LastError = "last_error";
    public const string LastErrorAt = "last_error_at";

    /// <summary>"AT IMPORTED" of the last pull; with the watermark its list stops at what is known.</summary>
    public const string LastPull = "last_pull";
    public const string PullWatermark = "pull_watermark";

    /// <summary>When <c>pull.auto</c> last tried (ms), whatever came of it: the interval counts from here.</summary>
    public const string PullAttemptAt = "pull_attempt_at";

    /// <summary>Set once the believed session totals are what the backend accepted (see <c>ForgetModelledTotals</c>).</summary>
    public const string TotalsFromAccepted = "totals_from_accepted";

    /// <summary>Set to the refused key's id (see <c>Delivery.KeyId</c>) while delivery is paused on a 401.</summary>
    public const string PausedUnauthorized = "paused_unauthorized";
}
