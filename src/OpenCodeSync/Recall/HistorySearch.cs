using System.Globalization;
using OpenCodeSync.Archive;
using OpenCodeSync.Browse;
using OpenCodeSync.Terminal;

namespace OpenCodeSync.Recall;

/// <summary>
/// <c>history_search</c>: ranked hits over the archive, one short block each, capped. A model tends to ask in whole
/// sentences, where every word must match: when nothing does, the words are tried as alternatives.
/// </summary>
public static class HistorySearch
{
    public const int DefaultLimit = 8;
    public const int MaxLimit = 25;

    /// <summary>Matches are counted this far for the "more hits" line; past it the line says "more than".</summary>
    public const int CountCap = 1_000;

    /// <summary>A word that common is ranked among its newest matches only (ranking them all costs a score each).</summary>
    public const int NewestRanked = CountCap;

    public static string Run(RecallScope scope, RecallRequest r)
    {
        if (r.Text("query") is not { } query)
            return "history_search needs a query: the words to look for in past sessions.";
        var limit = Math.Clamp(r.Number("limit") ?? DefaultLimit, 1, MaxLimit);
        long? since = null;
        if (r.Text("since") is { } sinceText && (since = SinceArg.Parse(sinceText, scope.Now, scope.Zone)) is null)
            return $"history_search: since '{sinceText}' is not a date ({SinceArg.Examples}).";
        var here = r.Text("project") is not { } p || !p.Equals("all", StringComparison.OrdinalIgnoreCase) ? Project(r.Directory) : null;
        var filter = new SessionFilter(ProjectPath: here, Since: since, ExceptSession: r.SessionID);

        // Each count is a walk of the index: asked once per query text.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        int CountOf(string q) => counts.TryGetValue(q, out var n) ? n : counts[q] = Count(scope.Db, q, filter);
        var (hits, used, error, common) = Find(scope, query, filter, limit, CountOf);
        if (hits is null)
            return $"history_search: '{query}' is not a valid query ({error}); use plain words or \"a phrase\".";
        var anyWord = used != query && used.Contains(" OR ", StringComparison.Ordinal);
        var total = Math.Max(hits.Count, CountOf(used));
        var scopeText = here is null ? "all projects" : $"this project ({here})";
        if (hits.Count == 0)
        {
            var elsewhere = here is null ? 0 : Count(scope.Db, used, filter with { ProjectPath = null });
            return scope.Redact($"No past session matches '{query}' in {scopeText}{(since is null ? "" : $" since {r.Text("since")}")}." +
                (elsewhere > 0 ? $" {Plural(elsewhere, "hit")} in other projects: search again with project \"all\"." : ""));
        }

        var text = new CappedText(RecallScope.MaxChars - 300);
        text.TryAdd(scope.Redact($"Past sessions matching '{query}' in {scopeText}{(anyWord ? " (no message has every word; these have some)" : "")}, " +
            $"best first{(common ? $" among the newest {NewestRanked:N0} matches" : "")}:\n"));
        var shown = 0;
        foreach (var h in hits)
        {
            if (!text.TryAdd(scope.Redact(Block(scope, h, shown + 1))))
                break;
            shown++;
        }
        var more = total - shown;
        var tail = more <= 0 ? ""
            : total >= CountCap ? $"\nMore than {CountCap - shown:N0} more hits: narrow the query, add since, or pick a project.\n"
            : $"\n{Plural(more, "more hit")}{(limit < MaxLimit && shown == limit ? $" (raise limit up to {MaxLimit})" : "")}: narrow the query or add since to see others.\n";
        return text + (tail.Length > 0 ? tail : "\n") + "Read one with history_read {\"session\": \"<id>\", \"query\": \"<words>\"}.";
    }

    private static (List<SearchHit>? Hits, string Used, string? Error, bool Common) Find(RecallScope scope, string query, SessionFilter filter, int limit,
        Func<string, int> count)
    {
        // Excluded projects are dropped after ranking: ask for a few more than shown.
        var hits = SearchQuery.Run(scope.Db, query, filter, limit + 10, out var error, out var used, count(query) >= CountCap ? NewestRanked : 0);
        if (hits is { Count: 0 } && SearchQuery.AnyWord(query) is { } any)
            (hits, used) = (SearchQuery.Run(scope.Db, any, filter, limit + 10, out _, out _, count(any) >= CountCap ? NewestRanked : 0) ?? [], any);
        var common = hits is { Count: > 0 } && count(used) >= CountCap;
        return (hits?.Where(h => !scope.IsExcluded(h.ProjectPath)).Take(limit).ToList(), used, error, common);
    }

    private static string Block(RecallScope scope, SearchHit h, int n)
    {
        var title = string.IsNullOrWhiteSpace(h.Title) ? "(untitled)" : TextCells.Fit(TextCells.OneLine(h.Title), 80);
        var when = Numbers.LocalTime(h.CreatedAt, scope.Zone);
        var project = h.ProjectName ?? "-";
        return string.Create(CultureInfo.InvariantCulture,
            $"\n[{n}] {scope.Db.ShortId(h.SessionId)}  {when}  {project}  \"{title}\"  ({h.Role})\n    {SearchQuery.Marked(h.Snippet, "«", "»")}\n");
    }

    private static int Count(ArchiveDb db, string query, SessionFilter filter)
    {
        try
        {
            return db.CountHits(query, filter, CountCap);
        }
        catch (ArchiveQueryException)
        {
            return 0;
        }
    }

    /// <summary>The session's directory as the archive stores project paths (no trailing slash).</summary>
    private static string? Project(string? directory) =>
        directory?.Trim() is { Length: > 0 } d ? (d.Length > 1 ? d.TrimEnd('/') : d) : null;

    private static string Plural(int n, string what) =>
        string.Create(CultureInfo.InvariantCulture, $"{n:N0} {what}{(n == 1 ? "" : "s")}");
}
