using OpenCodeSync.Journal;
using OpenCodeSync.Sync;

namespace OpenCodeSync.State;

/// <summary>Entities folded from the journal, and which sessions they changed.</summary>
public sealed partial class StateDb
{
    // The merge rule of EntityUpdate.Wins in SQL: a higher rank wins; equal ranks fall back to the
    // JSON's byte order (TEXT compares with BINARY collation, i.e. UTF-8 bytes).
    private const string UpsertEntitySql =
        "INSERT INTO entities(kind, entity_id, session_id, message_id, rank, json) VALUES(?1, ?2, ?3, ?4, ?5, ?6) " +
        "ON CONFLICT(kind, entity_id) DO UPDATE SET session_id = excluded.session_id, message_id = excluded.message_id, " +
        "rank = excluded.rank, json = excluded.json " +
        "WHERE excluded.rank > entities.rank OR (excluded.rank = entities.rank AND excluded.json > entities.json)";

    /// <summary>
    /// Applies a batch of folded updates, marks the sessions they changed dirty and moves the cursor, all in
    /// one transaction: a kill at any instant leaves either all of it or none, so nothing is lost or applied twice.
    /// </summary>
    public IReadOnlySet<string> ApplyFolded(IReadOnlyList<EntityUpdate> updates, JournalCursor next) => Apply(updates, next);

    /// <summary>
    /// Applies entity versions that come from somewhere other than the journal (backfill from OpenCode's history):
    /// the same merge rule and dirty marks as <see cref="ApplyFolded"/>, the cursor untouched.
    /// </summary>
    public IReadOnlySet<string> ApplyEntities(IReadOnlyList<EntityUpdate> updates) => Apply(updates, cursor: null);

    private IReadOnlySet<string> Apply(IReadOnlyList<EntityUpdate> updates, JournalCursor? cursor)
    {
        lock (_gate)
        {
            return _db.InTransaction(() =>
            {
                var changed = new HashSet<string>(StringComparer.Ordinal);
                var forgotten = ForgottenLocked();
                foreach (var u in updates)
                {
                    if (forgotten.Contains(u.SessionId))
                        continue;
                    _db.Prepare(UpsertEntitySql)
                        .Bind(1, (long)u.Kind).Bind(2, u.EntityId).Bind(3, u.SessionId).Bind(4, u.MessageId)
                        .Bind(5, u.Rank.ToKey()).Bind(6, u.Json).Run();
                    if (_db.Changes > 0 && changed.Add(u.SessionId))
                        MarkDirtyLocked(u.SessionId);
                }
                if (cursor is { } next)
                    WriteCursor(next);
                return (IReadOnlySet<string>)changed;
            });
        }
    }

    public IReadOnlyList<EntityUpdate> EntitiesOf(string sessionId)
    {
        lock (_gate)
        {
            var s = _db.Prepare("SELECT kind, entity_id, message_id, rank, json FROM entities WHERE session_id = ?1").Bind(1, sessionId);
            var list = new List<EntityUpdate>();
            while (s.Step())
            {
                // A row whose rank does not parse (hand-edited db) still counts, as the lowest version.
                EntityRank.TryParseKey(s.Text(3), out var rank);
                list.Add(new EntityUpdate((EntityKind)s.Int64(0), s.String(1), sessionId, s.Text(2), rank, s.String(4)));
            }
            s.Reset();
            return list;
        }
    }

    public SessionSnapshot Snapshot(string sessionId) => SessionSnapshot.Build(sessionId, EntitiesOf(sessionId));

    public void MarkDirty(string sessionId)
    {
        lock (_gate)
            MarkDirtyLocked(sessionId);
    }

    private void MarkDirtyLocked(string sessionId) =>
        _db.Prepare("INSERT OR IGNORE INTO dirty_sessions(session_id) VALUES(?1)").Bind(1, sessionId).Run();

    public IReadOnlyList<string> DirtySessions()
    {
        lock (_gate)
        {
            var s = _db.Prepare("SELECT session_id FROM dirty_sessions ORDER BY session_id");
            var list = new List<string>();
            while (s.Step())
                list.Add(s.String(0));
            s.Reset();
            return list;
        }
    }

    /// <summary>Every session with entities, e.g. to replan all after the delivery options changed.</summary>
    public void MarkAllDirty()
    {
        lock (_gate)
            _db.Exec("INSERT OR IGNORE INTO dirty_sessions(session_id) SELECT DISTINCT session_id FROM entities");
    }
}
