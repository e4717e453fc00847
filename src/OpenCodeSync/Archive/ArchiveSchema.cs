namespace OpenCodeSync.Archive;

/// <summary>
/// The archive's tables. <see cref="Version"/> is stored as SQLite's <c>user_version</c>: a binary refuses to
/// write an archive a newer one laid out differently (it would corrupt what it does not understand).
/// </summary>
internal static class ArchiveSchema
{
    public const int Version = 2;

    // sessions/messages hold the records exactly as they are (or would be) sent, plus the numbers the backend
    // does not take (cache tokens, per-message cost) for stats. message_text is the FTS5 index of what a person
    // would search for: message text, reasoning, tool inputs and outputs; its rowid is the message's rowid.
    // messages_usage covers what `stats` sums, by time: the totals never read the (large) rows with the records.
    public const string Create = """
        CREATE TABLE IF NOT EXISTS sessions(
          id TEXT PRIMARY KEY, title TEXT, project_path TEXT, project_name TEXT, model TEXT, provider TEXT,
          created_at INTEGER, updated_at INTEGER, message_count INTEGER NOT NULL,
          prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL,
          cache_read INTEGER NOT NULL, cache_write INTEGER NOT NULL, cost REAL NOT NULL,
          record TEXT NOT NULL, fp TEXT NOT NULL, origin TEXT NOT NULL DEFAULT 'local');
        CREATE INDEX IF NOT EXISTS sessions_by_time ON sessions(updated_at);
        CREATE INDEX IF NOT EXISTS sessions_by_project ON sessions(project_path, updated_at);
        CREATE TABLE IF NOT EXISTS messages(
          id TEXT NOT NULL UNIQUE, session_id TEXT NOT NULL, ord INTEGER NOT NULL, role TEXT NOT NULL,
          created_at INTEGER, model TEXT, provider TEXT,
          input INTEGER NOT NULL, output INTEGER NOT NULL, reasoning INTEGER NOT NULL,
          cache_read INTEGER NOT NULL, cache_write INTEGER NOT NULL, cost REAL NOT NULL,
          record TEXT NOT NULL, fp TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS messages_by_session ON messages(session_id, ord);
        CREATE INDEX IF NOT EXISTS messages_usage ON messages(created_at, session_id, model, input, output, reasoning, cache_read, cache_write, cost);
        CREATE VIRTUAL TABLE IF NOT EXISTS message_text USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
        """;

    /// <summary>
    /// Version 1 → 2: where a session came from — <c>local</c> (this machine recorded it) or <c>pulled</c> (another
    /// machine's, brought down by <c>pull</c>; never sent back).
    /// </summary>
    public const string Upgrade1To2 = "ALTER TABLE sessions ADD COLUMN origin TEXT NOT NULL DEFAULT 'local'";
}
