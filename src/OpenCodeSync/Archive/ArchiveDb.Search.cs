using OpenCodeSync.Sqlite;

namespace OpenCodeSync.Archive;

/// <summary>Full-text search over message text, reasoning and tool inputs/outputs (FTS5, ranked by bm25).</summary>
public sealed partial class ArchiveDb
{
    /// <summary>Marks the start of a match in <see cref="SearchHit.Snippet"/> (a control character: archived text never keeps one).</summary>
    public const char HitOpen = '\u0002';

    /// <summary>Marks the end of a match in <see cref="SearchHit.Snippet"/>.</summary>
    public const char HitClose = '\u0003';

    /// <summary>
    /// The best <paramref name="limit"/> messages matching <paramref name="query"/> (FTS5 syntax: words, "phrases",
    /// prefix*, AND/OR/NOT, NEAR). Without a project filter the ranking and the cut happen inside the index
    /// before any row of messages or sessions is read.
    /// </summary>
    /// <param name="newest">When above 0, only the newest that many matches are ranked: ranking costs a score per
    /// match (a word in 2 % of a 250,000-message archive: ~45 ms), walking the newest costs only as many.</param>
    /// <exception cref="ArchiveQueryException">The query is not valid FTS5 syntax.</exception>
    public List<SearchHit> Search(string query, SessionFilter filter, int limit, int newest = 0)
    {
        var snippet = $"snippet(message_text, 0, char({(int)HitOpen}), char({(int)HitClose}), '…', 16)";
        var floor = newest > 0 ? NewestFloor(query, filter, newest) : null;
        var bound = floor is null ? "" : " AND message_text.rowid >= ?3";
        var sql = filter == new SessionFilter()
            // Snippets are made for the page only: a column of the ranked query would be computed for every
            // match before the sort (26,000 re-tokenized documents for a common word), so the page is cut first and
            // the index is asked again for just those rows.
            ? $"WITH hits AS MATERIALIZED (SELECT rowid AS r, rank AS score FROM message_text WHERE message_text MATCH ?1{bound} ORDER BY rank LIMIT ?2) " +
              Page(snippet)
            // The same page-first plan, with the filter applied while ranking.
            : "WITH hits AS MATERIALIZED (SELECT message_text.rowid AS r, message_text.rank AS score FROM message_text " +
              "JOIN messages m ON m.rowid = message_text.rowid JOIN sessions s ON s.id = m.session_id " +
              $"WHERE message_text MATCH ?1{bound} AND {FilterSql(filter, "m.created_at")} ORDER BY message_text.rank LIMIT ?2) " +
              Page(snippet);
        lock (_gate)
        {
            var s = BindFilter(_db.Prepare(sql).Bind(1, query).Bind(2, limit), filter);
            if (floor is { } f)
                s.Bind(3, f);
            var hits = new List<SearchHit>();
            try
            {
                while (s.Step())
                    hits.Add(new SearchHit(s.String(0), s.Text(1), s.Text(2), s.String(3), s.String(4), s.Long(5), s.String(6), s.Double(7) ?? 0, s.Text(8)));
            }
            catch (SqliteException e) when (e.Code == 1)
            {
                // SQLITE_ERROR from MATCH is FTS5 refusing the query ("fts5: syntax error near …", "no such column: x").
                throw new ArchiveQueryException(StripSql(e.Message));
            }
            finally
            {
                s.Reset();
            }
            return hits;
        }
    }

    /// <summary>The page of ranked hits with their snippets, made for the page's rows only.</summary>
    private static string Page(string snippet) =>
        "SELECT m.session_id, s.title, s.project_name, m.id, m.role, m.created_at, " + snippet + ", hits.score, s.project_path " +
        "FROM hits JOIN message_text ON message_text.rowid = hits.r JOIN messages m ON m.rowid = hits.r JOIN sessions s ON s.id = m.session_id " +
        "WHERE message_text MATCH ?1 ORDER BY hits.score";

    /// <summary>The rowid of the <paramref name="newest"/>-th newest match (messages are indexed under their row, in the order archived); null when fewer match.</summary>
    private long? NewestFloor(string query, SessionFilter filter, int newest)
    {
        var sql = "SELECT message_text.rowid FROM message_text JOIN messages m ON m.rowid = message_text.rowid JOIN sessions s ON s.id = m.session_id " +
                  $"WHERE message_text MATCH ?1 AND {FilterSql(filter, "m.created_at")} ORDER BY message_text.rowid DESC LIMIT 1 OFFSET ?2";
        lock (_gate)
        {
            var s = BindFilter(_db.Prepare(sql).Bind(1, query).Bind(2, newest - 1), filter);
            try
            {
                return s.Step() ? s.Int64(0) : null;
            }
            catch (SqliteException e) when (e.Code == 1)
            {
                throw new ArchiveQueryException(StripSql(e.Message));
            }
            finally
            {
                s.Reset();
            }
        }
    }

    /// <summary>How many messages match, counted no further than <paramref name="cap"/> (a common word matches most of the archive).</summary>
    /// <exception cref="ArchiveQueryException">The query is not valid FTS5 syntax.</exception>
    public int CountHits(string query, SessionFilter filter, int cap)
    {
        var sql = "SELECT COUNT(*) FROM (SELECT 1 FROM message_text JOIN messages m ON m.rowid = message_text.rowid " +
                  $"JOIN sessions s ON s.id = m.session_id WHERE message_text MATCH ?1 AND {FilterSql(filter, "m.created_at")} LIMIT ?2)";
        lock (_gate)
        {
            var s = BindFilter(_db.Prepare(sql).Bind(1, query).Bind(2, cap), filter);
            try
            {
                return s.Step() ? (int)s.Int64(0) : 0;
            }
            catch (SqliteException e) when (e.Code == 1)
            {
                throw new ArchiveQueryException(StripSql(e.Message));
            }
            finally
            {
                s.Reset();
            }
        }
    }

    /// <summary>SqliteDb appends the statement to its messages; a user needs only SQLite's words.</summary>
    private static string StripSql(string message)
    {
        var cut = message.LastIndexOf(" (", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}

/// <summary>A search query the index cannot run; the message is SQLite's reason.</summary>
public sealed class ArchiveQueryException(string message) : Exception(message);
