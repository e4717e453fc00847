using System.Globalization;
using System.Text.Json;
using OpenCodeSync.Json;
using OpenCodeSync.Sync;
using OpenCodeSync.OpenSync;

namespace OpenCodeSync.Archive;

/// <summary>Keeping a session's archived copy equal to its latest records.</summary>
public sealed partial class ArchiveDb
{
    private const string UpsertSessionSql =
        "INSERT INTO sessions(id, title, project_path, project_name, model, provider, created_at, updated_at, message_count, " +
        "prompt_tokens, completion_tokens, cache_read, cache_write, cost, record, fp, origin) " +
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) " +
        "ON CONFLICT(id) DO UPDATE SET title = excluded.title, project_path = excluded.project_path, " +
        "project_name = excluded.project_name, model = excluded.model, provider = excluded.provider, " +
        "created_at = excluded.created_at, updated_at = excluded.updated_at, message_count = excluded.message_count, " +
        "prompt_tokens = excluded.prompt_tokens, completion_tokens = excluded.completion_tokens, " +
        "cache_read = excluded.cache_read, cache_write = excluded.cache_write, cost = excluded.cost, " +
        "record = excluded.record, fp = excluded.fp, origin = excluded.origin " +
        "WHERE sessions.fp <> excluded.fp OR sessions.origin <> excluded.origin";

    private const string UpsertMessageSql =
        "INSERT INTO messages(id, session_id, ord, role, created_at, model, provider, input, output, reasoning, " +
        "cache_read, cache_write, cost, record, fp) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) " +
        "ON CONFLICT(id) DO UPDATE SET session_id = excluded.session_id, ord = excluded.ord, role = excluded.role, " +
        "created_at = excluded.created_at, model = excluded.model, provider = excluded.provider, input = excluded.input, " +
        "output = excluded.output, reasoning = excluded.reasoning, cache_read = excluded.cache_read, " +
        "cache_write = excluded.cache_write, cost = excluded.cost, record = excluded.record, fp = excluded.fp " +
        "RETURNING rowid";

    /// <summary>
    /// Makes the archived copy of one session equal to <paramref name="records"/> in one transaction: changed
    /// messages are rewritten and re-indexed, unchanged ones are left alone, ones gone from OpenCode are dropped.
    /// </summary>
    /// <exception cref="ArchiveException">The archive belongs to a newer opencode-sync.</exception>
    public void Save(SessionRecords records)
    {
        EnsureWritable();
        lock (_gate)
        {
            _db.InTransaction(() =>
            {
                var stored = StoredMessages(records.Session.ExternalId);
                var total = default(TokenUsage);
                long? lastActivity = null;
                foreach (var message in records.Messages)
                {
                    var (index, snapshot, record) = message;
                    var usage = TokenUsage.Of(snapshot.Info);
                    total += usage;
                    lastActivity = RecordBuilder.Max(lastActivity, RecordBuilder.Max(snapshot.Created, snapshot.Completed));
                    var json = message.Json;
                    var fp = Fingerprint(json, usage, index);
                    if (stored.Remove(record.ExternalId, out var old) && old.Fp == fp)
                        continue;
                    var upsert = _db.Prepare(UpsertMessageSql)
                        .Bind(1, record.ExternalId).Bind(2, record.SessionExternalId).Bind(3, index).Bind(4, record.Role)
                        .Bind(5, record.CreatedAt).Bind(6, record.Model).Bind(7, snapshot.Info.Str("providerID") ?? snapshot.Info.Str("model", "providerID"))
                        .Bind(8, usage.Input).Bind(9, usage.Output).Bind(10, usage.Reasoning)
                        .Bind(11, usage.CacheRead).Bind(12, usage.CacheWrite).Bind(13, usage.Cost).Bind(14, json).Bind(15, fp);
                    upsert.Step();
                    var rowid = upsert.Int64(0);
                    upsert.Reset();
                    _db.Prepare("DELETE FROM message_text WHERE rowid = ?1").Bind(1, rowid).Run();
                    _db.Prepare("INSERT INTO message_text(rowid, body) VALUES(?1, ?2)").Bind(1, rowid).Bind(2, SearchText.Of(record)).Run();
                }
                foreach (var (_, gone) in stored)
                {
                    _db.Prepare("DELETE FROM message_text WHERE rowid = ?1").Bind(1, gone.RowId).Run();
                    _db.Prepare("DELETE FROM messages WHERE rowid = ?1").Bind(1, gone.RowId).Run();
                }

                var s = records.Session;
                var sessionJson = JsonSerializer.Serialize(s, ContractJson.Default.SessionRecord);
                var updated = s.CreatedAt is { } created && s.DurationMs is { } duration ? created + duration : RecordBuilder.Max(lastActivity, s.CreatedAt);
                _db.Prepare(UpsertSessionSql)
                    .Bind(1, s.ExternalId).Bind(2, s.Title).Bind(3, s.ProjectPath).Bind(4, s.ProjectName).Bind(5, s.Model).Bind(6, s.Provider)
                    .Bind(7, s.CreatedAt).Bind(8, updated).Bind(9, records.Messages.Count)
                    .Bind(10, total.Prompt).Bind(11, total.Completion).Bind(12, total.CacheRead).Bind(13, total.CacheWrite).Bind(14, total.Cost)
                    .Bind(15, sessionJson).Bind(16, Fingerprint(sessionJson, total, records.Messages.Count)).Bind(17, Origins.Local)
                    .Run();
            });
        }
    }

    private Dictionary<string, (long RowId, string Fp)> StoredMessages(string sessionId)
    {
        var s = _db.Prepare("SELECT id, rowid, fp FROM messages WHERE session_id = ?1").Bind(1, sessionId);
        var stored = new Dictionary<string, (long, string)>(StringComparer.Ordinal);
        while (s.Step())
            stored[s.String(0)] = (s.Int64(1), s.String(2));
        s.Reset();
        return stored;
    }

    /// <summary>The record plus the archive-only numbers: a change to either rewrites the row.</summary>
    private static string Fingerprint(string json, TokenUsage usage, int position) =>
        StableHash.Fnv128Hex(System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{json}\n{usage.Input} {usage.Output} {usage.Reasoning} {usage.CacheRead} {usage.CacheWrite} {usage.Cost:R} {position}")));

}
