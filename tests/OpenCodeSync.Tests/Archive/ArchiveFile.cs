using OpenCodeSync.Sqlite;

namespace OpenCodeSync.Tests.Archive;

/// <summary>Reads an archive file with plain SQL, independently of the code under test's queries.</summary>
public sealed class ArchiveFile(string path) : IDisposable
{
    private readonly SqliteDb _db = SqliteDb.Open(path);

    public List<string> Column(string sql, params string[] args)
    {
        var s = _db.Prepare(sql);
        for (var i = 0; i < args.Length; i++)
            s.Bind(i + 1, args[i]);
        var values = new List<string>();
        while (s.Step())
            values.Add(s.Text(0) ?? "NULL");
        s.Reset();
        return values;
    }

    public long Count(string sql, params string[] args) => long.Parse(Column(sql, args).Single(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Ids of the messages whose indexed text matches an FTS5 query.</summary>
    public List<string> Search(string query) =>
        Column("SELECT m.id FROM message_text JOIN messages m ON m.rowid = message_text.rowid WHERE message_text MATCH ?1 ORDER BY m.id", query);

    public void Exec(string sql) => _db.Exec(sql);

    public void Dispose() => _db.Dispose();
}
