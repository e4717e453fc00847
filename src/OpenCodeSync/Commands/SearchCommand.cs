using System.Text;
using System.Text.Json;
using ConsoleAppFramework;
using OpenCodeSync.Archive;
using OpenCodeSync.Browse;
using OpenCodeSync.Hosting;
using OpenCodeSync.Json;
using OpenCodeSync.Terminal;
using OpenCodeSync.Cli;

namespace OpenCodeSync.Commands;

/// <summary>One <c>search --json</c> hit; matches in <see cref="Snippet"/> are marked «like this».</summary>
public sealed record SearchReportHit(string SessionId, string? Title, string? Project, string MessageId, string Role, long? CreatedAt, string Snippet, double Rank);

public sealed class SearchCommand(CliContext ctx)
{
    /// <summary>Full-text search of archived messages, reasoning and tool inputs/outputs, best matches first.</summary>
    /// <param name="query">Words (all must occur), "a phrase", prefix*, OR, NOT, NEAR(a b) — SQLite FTS5 syntax.</param>
    /// <param name="project">Only this project: a directory (and below) or a project name.</param>
    /// <param name="origin">Only sessions recorded here (local) or brought down by 'pull' (pulled).</param>
    /// <param name="limit">How many hits to show.</param>
    /// <param name="json">Print as JSON.</param>
    [Command("search")]
    public int Run([Argument] string query, string? project = null, string? origin = null, int limit = 20, bool json = false) =>
        ArchiveReader.Run(ctx, "search", archive =>
        {
            if (limit < 1)
                return archive.Usage("--limit must be 1 or more");
            if (string.IsNullOrWhiteSpace(query))
                return archive.Usage("give words to search for");
            if (!OriginArg.TryParse(origin, out var from, out var originError))
                return archive.Usage(originError!);
            var filter = ProjectArg.Filter(project, null, ctx.WorkingDirectory, ctx.Env.HomeDirectory) with { Origin = from };
            var hits = SearchQuery.Run(archive.Db, query, filter, limit, out var error, out _);
            if (hits is null)
                return archive.Usage($"bad query '{query}': {error}");

            if (json)
            {
                var report = hits.Select(h => new SearchReportHit(h.SessionId, h.Title, h.ProjectName, h.MessageId, h.Role, h.CreatedAt,
                    SearchQuery.Marked(h.Snippet, "«", "»"), h.Rank)).ToList();
                archive.Out.WriteLine(JsonSerializer.Serialize(report, ReportJson.Indented.ListSearchReportHit));
                return ExitCodes.Ok;
            }
            if (hits.Count == 0)
            {
                archive.Out.WriteLine("No match.");
                return ExitCodes.Ok;
            }
            Write(archive, hits);
            return ExitCodes.Ok;
        });

    private static void Write(ArchiveReader archive, List<SearchHit> hits)
    {
        var s = archive.Style;
        foreach (var h in hits)
        {
            var title = string.IsNullOrWhiteSpace(h.Title) ? "(untitled)" : TextCells.OneLine(h.Title);
            var id = archive.Db.ShortId(h.SessionId);
            var meta = $"{Numbers.LocalTime(h.CreatedAt, archive.Zone)}  {h.Role}";
            var room = Math.Max(10, archive.Width - TextCells.Width(id) - TextCells.Width(meta) - 4);
            archive.Out.WriteLine($"{s.Yellow(id)}  {s.Dim(meta)}  {s.Bold(TextCells.Fit(title, room))}");
            archive.Out.WriteLine("    " + Highlight(h.Snippet, s));
        }
    }

    /// <summary>The snippet on one line with its matches in colour on a terminal, «guillemets» otherwise.</summary>
    private static string Highlight(string snippet, Style style)
    {
        // The markers are control characters, which OneLine would blank out with the rest: park them first.
        const char open = '\ue000', close = '\ue001';
        var line = TextCells.OneLine(snippet.Replace(ArchiveDb.HitOpen, open).Replace(ArchiveDb.HitClose, close));
        var sb = new StringBuilder();
        var i = 0;
        while (i < line.Length)
        {
            var start = line.IndexOf(open, i);
            var end = start < 0 ? -1 : line.IndexOf(close, start + 1);
            if (end < 0)
                break;
            sb.Append(line, i, start - i).Append(style.Hit(line[(start + 1)..end]));
            i = end + 1;
        }
        return sb.Append(line, i, line.Length - i).Replace(open.ToString(), "").Replace(close.ToString(), "").ToString();
    }
}
