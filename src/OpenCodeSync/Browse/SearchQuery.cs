using OpenCodeSync.Archive;
using OpenCodeSync.Terminal;

namespace OpenCodeSync.Browse;

/// <summary>What the FTS5 query language asks of a person (or an agent) typing plain words, in one place.</summary>
public static class SearchQuery
{
    /// <summary>
    /// The hits for <paramref name="query"/>; punctuation such as "file.txt" or "foo-bar" is FTS5 syntax, so unquoted
    /// words meant literally are retried as phrases. Null (with SQLite's reason) when a query that already uses
    /// quotes — one meant as syntax — is not valid.
    /// </summary>
    public static List<SearchHit>? Run(ArchiveDb db, string query, SessionFilter filter, int limit, out string? error, out string used, int newest = 0)
    {
        used = query;
        var hits = Try(db, query, filter, limit, newest, out error);
        if (hits is null && Quoted(query) is { } plain)
        {
            used = plain;
            hits = Try(db, plain, filter, limit, newest, out _);
        }
        return hits;
    }

    /// <summary>Each word as a quoted phrase, any of them matching (ranking puts the messages with most of them first).</summary>
    public static string? AnyWord(string query)
    {
        var words = Words(query);
        return words.Count > 1 ? string.Join(" OR ", words.Select(w => $"\"{w}\"")) : null;
    }

    /// <summary>The snippet on one line with its matches between <paramref name="open"/> and <paramref name="close"/>.</summary>
    public static string Marked(string snippet, string open, string close) =>
        TextCells.OneLine(snippet.Replace(ArchiveDb.HitOpen.ToString(), open).Replace(ArchiveDb.HitClose.ToString(), close));

    private static List<SearchHit>? Try(ArchiveDb db, string query, SessionFilter filter, int limit, int newest, out string? error)
    {
        try
        {
            error = null;
            return db.Search(query, filter, limit, newest);
        }
        catch (ArchiveQueryException e)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>The words as quoted phrases (always valid FTS5), or null when the query already has quotes.</summary>
    private static string? Quoted(string query) =>
        query.Contains('"') ? null : string.Join(' ', Words(query).Select(w => $"\"{w}\""));

    private static List<string> Words(string query) =>
        [.. query.Replace('"', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries)];
}
