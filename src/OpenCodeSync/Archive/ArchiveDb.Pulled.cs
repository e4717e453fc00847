using System.Text.Json;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Sync;

namespace OpenCodeSync.Archive;

/// <summary>A session as the backend holds it, ready for the archive (see Pull/RemoteRecords).</summary>
public sealed record PulledSession(SessionRecord Session, IReadOnlyList<MessageRecord> Messages, long UpdatedAt);

/// <summary>Sessions from the backend: stored beside this machine's own, never over them.</summary>
public sealed partial class ArchiveDb
{
    /// <summary>Whether this machine recorded <paramref name="sessionId"/> itself (its copy is richer than the backend's).</summary>
    public bool IsLocal(string sessionId)
    {
        lock (_gate)
        {
            var s = _db.Prepare("SELECT origin FROM sessions WHERE id = ?1").Bind(1, sessionId);
            var local = s.Step() && s.String(0) == Origins.Local;
            s.Reset();
            return local;
        }
    }

    /// <summary>
    /// Replaces the pulled copy of one session in one transaction; false (nothing written) when this machine's own
    /// record of it is there. The backend keeps no per-message cost, so the session's cost is counted on its first
    /// message (stats by day then see it on the day the session began). A message whose id another session holds is
    /// left out (counted in <paramref name="clashes"/>): ids are the archive's keys, and another tool's may repeat.
    /// </summary>
    public bool SavePulled(PulledSession pulled, out int clashes)
    {
        var (saved, c) = SavePulled([pulled])[0];
        clashes = c;
        return saved;
    }

    /// <summary>
    /// <see cref="SavePulled(PulledSession, out int)"/> for several sessions in one transaction: a pull commits what
    /// arrived together (each commit rewrites the index pages the sessions share, and fsyncs).
    /// </summary>
    public IReadOnlyList<(bool Saved, int Clashes)> SavePulled(IReadOnlyList<PulledSession> sessions)
    {
        EnsureWritable();
        lock (_gate)
            return _db.InTransaction(() => sessions.Select(SaveOne).ToList());
    }

    private (bool Saved, int Clashes) SaveOne(PulledSession pulled)
    {
        var s = pulled.Session;
        var skipped = 0;

        var existing = _db.Prepare("SELECT origin FROM sessions WHERE id = ?1").Bind(1, s.ExternalId);
        var isLocal = existing.Step() && existing.String(0) == Origins.Local;
        existing.Reset();
        if (isLocal)
            return (false, 0);

        foreach (var (_, old) in StoredMessages(s.ExternalId))
        {
            _db.Prepare("DELETE FROM message_text WHERE rowid = ?1").Bind(1, old.RowId).Run();
            _db.Prepare("DELETE FROM messages WHERE rowid = ?1").Bind(1, old.RowId).Run();
        }
        var index = 0;
        foreach (var m in pulled.Messages)
        {
            var owner = _db.Prepare("SELECT session_id FROM messages WHERE id = ?1").Bind(1, m.ExternalId);
            var taken = owner.Step() && owner.String(0) != s.ExternalId;
            owner.Reset();
            if (taken)
            {
                skipped++;
                continue;
            }
            var json = JsonSerializer.Serialize(m, ContractJson.Default.MessageRecord);
            var usage = new TokenUsage(m.PromptTokens ?? 0, m.CompletionTokens ?? 0, 0, 0, 0, index == 0 ? s.Cost ?? 0 : 0);
            var upsert = _db.Prepare(UpsertMessageSql)
                .Bind(1, m.ExternalId).Bind(2, s.ExternalId).Bind(3, index).Bind(4, m.Role)
                .Bind(5, m.CreatedAt).Bind(6, m.Model).Bind(7, s.Provider)
                .Bind(8, usage.Input).Bind(9, usage.Output).Bind(10, 0L).Bind(11, 0L).Bind(12, 0L).Bind(13, usage.Cost)
                .Bind(14, json).Bind(15, Fingerprint(json, usage, index));
            upsert.Step();
            var rowid = upsert.Int64(0);
            upsert.Reset();
            _db.Prepare("INSERT INTO message_text(rowid, body) VALUES(?1, ?2)").Bind(1, rowid).Bind(2, SearchText.Of(m)).Run();
            index++;
        }

        var sessionJson = JsonSerializer.Serialize(s, ContractJson.Default.SessionRecord);
        var total = new TokenUsage(s.PromptTokens ?? 0, s.CompletionTokens ?? 0, 0, 0, 0, s.Cost ?? 0);
        _db.Prepare(UpsertSessionSql)
            .Bind(1, s.ExternalId).Bind(2, s.Title).Bind(3, s.ProjectPath).Bind(4, s.ProjectName).Bind(5, s.Model).Bind(6, s.Provider)
            .Bind(7, s.CreatedAt).Bind(8, pulled.UpdatedAt).Bind(9, index)
            .Bind(10, total.Prompt).Bind(11, total.Completion).Bind(12, 0L).Bind(13, 0L).Bind(14, total.Cost)
            .Bind(15, sessionJson).Bind(16, Fingerprint(sessionJson, total, index)).Bind(17, Origins.Pulled)
            .Run();
        return (true, skipped);
    }
}
