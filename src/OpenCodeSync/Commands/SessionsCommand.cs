using System.Text.Json;
using ConsoleAppFramework;
using OpenCodeSync.Archive;
using OpenCodeSync.Browse;
using OpenCodeSync.Hosting;
using OpenCodeSync.Json;
using OpenCodeSync.Terminal;
using OpenCodeSync.Cli;

namespace OpenCodeSync.Commands;

public sealed class SessionsCommand(CliContext ctx)
{
    /// <summary>List archived sessions, newest first: date, project, title, messages, tokens, cost, sync state.</summary>
    /// <param name="project">Only this project: a directory (and below) or a project name.</param>
    /// <param name="since">Only sessions active since (2026-01-31, today, yesterday, 7d, 2w; local time).</param>
    /// <param name="origin">Only sessions recorded here (local) or brought down by 'pull' (pulled).</param>
    /// <param name="limit">How many sessions to list.</param>
    /// <param name="json">Print as JSON.</param>
    [Command("sessions")]
    public int Run(string? project = null, string? since = null, string? origin = null, int limit = 20, bool json = false) =>
        ArchiveReader.Run(ctx, "sessions", archive =>
        {
            if (limit < 1)
                return archive.Usage("--limit must be 1 or more");
            long? sinceMs = null;
            if (since is not null && (sinceMs = SinceArg.Parse(since, ctx.Clock.Now, archive.Zone)) is null)
                return archive.Usage(SinceArg.Invalid(since));
            if (!OriginArg.TryParse(origin, out var from, out var originError))
                return archive.Usage(originError!);
            var filter = ProjectArg.Filter(project, sinceMs, ctx.WorkingDirectory, ctx.Env.HomeDirectory) with { Origin = from };
            // One more than asked says whether there are more, without counting them all.
            var rows = archive.Db.ListSessions(filter, limit + 1, archive.Configured);
            var more = rows.Count > limit;
            if (more)
                rows.RemoveAt(rows.Count - 1);

            if (json)
            {
                archive.Out.WriteLine(JsonSerializer.Serialize(rows, ReportJson.Indented.ListSessionSummary));
                return ExitCodes.Ok;
            }
            if (rows.Count == 0)
            {
                archive.Out.WriteLine(filter == new SessionFilter() ? "The archive holds no sessions yet." : "No session matches.");
                return ExitCodes.Ok;
            }
            Write(archive, rows);
            if (more)
                archive.Out.WriteLine(archive.Style.Dim($"… more sessions: --limit {Math.Min(limit * 5, 100_000)} to see more, --since or --project to narrow"));
            return ExitCodes.Ok;
        });

    private static void Write(ArchiveReader archive, List<SessionSummary> rows)
    {
        var style = archive.Style;
        var table = new Table(
            new Column("id", Paint: style.Yellow),
            new Column("updated"),
            new Column("project", Flexible: true, MinWidth: 7),
            new Column("title", Flexible: true, MinWidth: 10),
            new Column("msgs", Right: true),
            new Column("tokens", Right: true),
            new Column("cost", Right: true),
            new Column("sync", Paint: s => s switch
            {
                SyncStates.Synced => style.Green(s),
                SyncStates.Pending => style.Yellow(s),
                SyncStates.Pulled => style.Cyan(s),
                _ => style.Dim(s),
            }));
        foreach (var r in rows)
        {
            table.Add(archive.Db.ShortId(r.Id), Numbers.LocalTime(r.UpdatedAt ?? r.CreatedAt, archive.Zone), r.ProjectName ?? "-",
                string.IsNullOrWhiteSpace(r.Title) ? "(untitled)" : r.Title, Numbers.Count(r.Messages), Numbers.Short(r.Tokens),
                Numbers.Cost(r.Cost), r.Sync);
        }
        table.Write(archive.Out, archive.Width, style);
    }
}
