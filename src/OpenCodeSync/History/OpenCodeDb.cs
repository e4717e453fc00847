using System.Buffers;
using System.Text;
using System.Text.Json;
using OpenCodeSync.Hosting;
using OpenCodeSync.Sync;
using OpenCodeSync.Sqlite;

namespace OpenCodeSync.History;

/// <summary>
/// OpenCode ≥ 1.2's <c>opencode.db</c>, opened read-only (safe while OpenCode runs: it uses WAL). Tables
/// <c>session</c>, <c>message</c> and <c>part</c>; message/part <c>data</c> lack the ids kept in columns.
/// Columns are looked up by name, so added or missing optional columns of other versions do not matter.
/// </summary>
public sealed class OpenCodeDb : IHistorySource
{
    public const string FileName = "opencode.db";

    private readonly SqliteDb _db;

    private OpenCodeDb(SqliteDb db, string path)
    {
        _db = db;
        Path = path;
    }

    public string Path { get; }

    public string Description => $"{FileName} ({Path})";

    /// <summary><c>$OPENCODE_DB</c>, else <c>${XDG_DATA_HOME:-~/.local/share}/opencode/opencode.db</c>.</summary>
    public static string DefaultPath(IEnvironment env) =>
        env.Get(EnvVars.OpenCodeDb) is { Length: > 0 } path ? path : System.IO.Path.Combine(OpenCodeDataDir(env), FileName);

    public static string OpenCodeDataDir(IEnvironment env) =>
        System.IO.Path.Combine(env.Get(EnvVars.XdgDataHome) is { Length: > 0 } d && System.IO.Path.IsPathRooted(d)
            ? d
            : System.IO.Path.Combine(env.HomeDirectory, ".local", "share"), "opencode");

    public static OpenCodeDb Open(string path)
    {
        var db = SqliteDb.Open(path, readOnly: true);
        try
        {
            db.Exec("PRAGMA busy_timeout = 5000");
            // Fails early (not a database, or no session table) instead of per session.
            db.Exec("SELECT 1 FROM session LIMIT 1");
            return new OpenCodeDb(db, path);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    public IReadOnlyList<HistorySession> Sessions()
    {
        var s = _db.Prepare("SELECT id, directory, time_created, time_updated FROM session ORDER BY time_created, id");
        var list = new List<HistorySession>();
        while (s.Step())
            list.Add(new HistorySession(s.String(0), s.Text(1), s.Long(2) ?? 0, s.Long(3) ?? 0, Path));
        s.Reset();
        return list;
    }

    public IReadOnlyList<EntityUpdate> Load(HistorySession session)
    {
        var events = new HistoryEvents(session.Id);
        var s = _db.Prepare("SELECT * FROM session WHERE id = ?1").Bind(1, session.Id);
        try
        {
            if (!s.Step())
                throw new InvalidDataException($"session {session.Id} is no longer in {Path}");
            events.Session(SessionInfo(s));
        }
        finally
        {
            s.Reset();
        }

        var m = _db.Prepare("SELECT id, data FROM message WHERE session_id = ?1 ORDER BY time_created, id").Bind(1, session.Id);
        try
        {
            while (m.Step())
                events.Message(m.String(0), m.String(1));
        }
        finally
        {
            m.Reset();
        }

        var p = _db.Prepare("SELECT id, message_id, data FROM part WHERE session_id = ?1 ORDER BY message_id, id").Bind(1, session.Id);
        try
        {
            while (p.Step())
                events.Part(p.String(0), p.String(1), p.String(2));
        }
        finally
        {
            p.Reset();
        }
        events.Settled();
        return events.Updates;
    }

    /// <summary>The session row as the <c>info</c> object of a <c>session.updated</c> event.</summary>
    internal static string SessionInfo(SqliteStatement s)
    {
        var col = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < s.ColumnCount; i++)
            col[s.ColumnName(i)] = i;
        string? Text(string name) => col.TryGetValue(name, out var i) ? s.Text(i) : null;
        long? Long(string name) => col.TryGetValue(name, out var i) ? s.Long(i) : null;

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", Text("id"));
            WriteIf(w, "slug", Text("slug"));
            WriteIf(w, "projectID", Text("project_id"));
            WriteIf(w, "directory", Text("directory"));
            WriteIf(w, "path", Text("path"));
            WriteIf(w, "parentID", Text("parent_id"));
            WriteIf(w, "title", Text("title"));
            WriteIf(w, "agent", Text("agent"));
            if (Text("model") is { } model && IsObject(model))
            {
                w.WritePropertyName("model");
                w.WriteRawValue(model, skipInputValidation: true);
            }
            WriteIf(w, "version", Text("version"));
            if (col.TryGetValue("cost", out var costAt) && s.Double(costAt) is { } cost)
                w.WriteNumber("cost", cost);
            w.WriteStartObject("tokens");
            w.WriteNumber("input", Long("tokens_input") ?? 0);
            w.WriteNumber("output", Long("tokens_output") ?? 0);
            w.WriteNumber("reasoning", Long("tokens_reasoning") ?? 0);
            w.WriteStartObject("cache");
            w.WriteNumber("read", Long("tokens_cache_read") ?? 0);
            w.WriteNumber("write", Long("tokens_cache_write") ?? 0);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("time");
            if (Long("time_created") is { } created)
                w.WriteNumber("created", created);
            if (Long("time_updated") is { } updated)
                w.WriteNumber("updated", updated);
            if (Long("time_archived") is { } archived)
                w.WriteNumber("archived", archived);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteIf(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
            w.WriteString(name, value);
    }

    private static bool IsObject(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public void Dispose() => _db.Dispose();
}
