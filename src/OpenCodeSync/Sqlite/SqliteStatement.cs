using SQLitePCL;

namespace OpenCodeSync.Sqlite;

/// <summary>A prepared statement: bind by position (1-based, as in SQL), step, read columns (0-based).</summary>
public sealed class SqliteStatement : IDisposable
{
    private readonly SqliteDb _db;
    private readonly sqlite3_stmt _stmt;

    internal SqliteStatement(SqliteDb db, sqlite3_stmt stmt)
    {
        _db = db;
        _stmt = stmt;
    }

    public SqliteStatement Bind(int index, string? value)
    {
        _db.Check(value is null ? raw.sqlite3_bind_null(_stmt, index) : raw.sqlite3_bind_text(_stmt, index, value), "bind");
        return this;
    }

    public SqliteStatement Bind(int index, long? value)
    {
        _db.Check(value is { } v ? raw.sqlite3_bind_int64(_stmt, index, v) : raw.sqlite3_bind_null(_stmt, index), "bind");
        return this;
    }

    public SqliteStatement Bind(int index, double? value)
    {
        _db.Check(value is { } v ? raw.sqlite3_bind_double(_stmt, index, v) : raw.sqlite3_bind_null(_stmt, index), "bind");
        return this;
    }

    /// <summary>Steps once; true when a row is available.</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_stmt);
        _db.Check(rc, "step");
        return rc == raw.SQLITE_ROW;
    }

    /// <summary>Runs a statement that returns no rows.</summary>
    public void Run()
    {
        while (Step())
        {
        }
        Reset();
    }

    public bool IsNull(int column) => raw.sqlite3_column_type(_stmt, column) == raw.SQLITE_NULL;

    public string? Text(int column) => IsNull(column) ? null : raw.sqlite3_column_text(_stmt, column).utf8_to_string();

    public string String(int column) => Text(column) ?? "";

    public long? Long(int column) => IsNull(column) ? null : raw.sqlite3_column_int64(_stmt, column);

    public long Int64(int column) => raw.sqlite3_column_int64(_stmt, column);

    public double? Double(int column) => IsNull(column) ? null : raw.sqlite3_column_double(_stmt, column);

    public int ColumnCount => raw.sqlite3_column_count(_stmt);

    public string ColumnName(int column) => raw.sqlite3_column_name(_stmt, column).utf8_to_string();

    public void Reset()
    {
        raw.sqlite3_reset(_stmt);
        raw.sqlite3_clear_bindings(_stmt);
    }

    public void Dispose() => _stmt.Dispose();
}
