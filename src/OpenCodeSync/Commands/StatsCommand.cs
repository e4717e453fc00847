using System.Text.Json;
using ConsoleAppFramework;
using OpenCodeSync.Archive;
using OpenCodeSync.Browse;
using OpenCodeSync.Hosting;
using OpenCodeSync.Json;
using OpenCodeSync.Terminal;
using OpenCodeSync.Cli;

namespace OpenCodeSync.Commands;

/// <summary>One row of <c>stats --json</c>: the tokens as OpenSync counts them, plus the cache part of prompt tokens.</summary>
public sealed record StatsReportRow(string Key, int Sessions, int Messages, long PromptTokens, long CompletionTokens, long CacheTokens,
    double CacheShare, long InputTokens, long OutputTokens, long ReasoningTokens, long CacheReadTokens, long CacheWriteTokens, double Cost)
{
    public static StatsReportRow Of(StatsRow r) => new(r.Key, r.Sessions, r.Messages, r.PromptTokens, r.CompletionTokens, r.CacheTokens,
        r.PromptTokens > 0 ? Math.Round((double)r.CacheTokens / r.PromptTokens, 4) : 0, r.Input, r.Output, r.Reasoning, r.CacheRead, r.CacheWrite, r.Cost);
}

/// <summary>The <c>stats --json</c> report.</summary>
public sealed record StatsReport(string By, long? Since, IReadOnlyList<StatsReportRow> Rows, StatsReportRow Total);

public sealed class StatsCommand(CliContext ctx)
{
    /// <summary>Usage totals by day, week, month, project or model: sessions, messages, prompt/completion tokens, cache share, cost.</summary>
    /// <param name="by">day, week, month, project or model.</param>
    /// <param name="since">Only messages since (2026-01-31, today, 7d, 2w; local time).</param>
    /// <param name="project">Only this project: a directory (and below) or a project name.</param>
    /// <param name="origin">Only sessions recorded here (local) or brought down by 'pull' (pulled).</param>
    /// <param name="json">Print as JSON.</param>
    [Command("stats")]
    public int Run(string by = "day", string? since = null, string? project = null, string? origin = null, bool json = false) =>
        ArchiveReader.Run(ctx, "stats", archive =>
        {
            StatsBy? grouping = by.ToLowerInvariant() switch
            {
                "day" or "daily" => StatsBy.Day,
                "week" or "weekly" => StatsBy.Week,
                "month" or "monthly" => StatsBy.Month,
                "project" => StatsBy.Project,
                "model" => StatsBy.Model,
                _ => null,
            };
            if (grouping is not { } g)
                return archive.Usage($"--by '{by}' is not one of day, week, month, project, model");
            long? sinceMs = null;
            if (since is not null && (sinceMs = SinceArg.Parse(since, ctx.Clock.Now, archive.Zone)) is null)
                return archive.Usage(SinceArg.Invalid(since));
            if (!OriginArg.TryParse(origin, out var from, out var originError))
                return archive.Usage(originError!);
            var filter = ProjectArg.Filter(project, sinceMs, ctx.WorkingDirectory, ctx.Env.HomeDirectory) with { Origin = from };
            var rows = archive.Db.Stats(g, filter);
            var total = archive.Db.Total(filter);

            if (json)
            {
                var report = new StatsReport(g.ToString().ToLowerInvariant(), sinceMs, [.. rows.Select(StatsReportRow.Of)], StatsReportRow.Of(total));
                archive.Out.WriteLine(JsonSerializer.Serialize(report, ReportJson.Indented.StatsReport));
                return ExitCodes.Ok;
            }
            if (rows.Count == 0)
            {
                archive.Out.WriteLine("No messages in the archive match.");
                return ExitCodes.Ok;
            }
            var style = archive.Style;
            var table = new Table(
                new Column(g.ToString().ToLowerInvariant(), Flexible: g is StatsBy.Project or StatsBy.Model, MinWidth: 12),
                new Column("sessions", Right: true),
                new Column("messages", Right: true),
                new Column("prompt", Right: true),
                new Column("completion", Right: true),
                new Column("cache", Right: true),
                new Column("cost", Right: true));
            foreach (var r in rows.Append(total))
            {
                table.Add(r == total ? "total" : r.Key, Numbers.Count(r.Sessions), Numbers.Count(r.Messages), Numbers.Count(r.PromptTokens),
                    Numbers.Count(r.CompletionTokens), Numbers.Percent(r.CacheTokens, r.PromptTokens), Numbers.Cost(r.Cost));
            }
            table.Write(archive.Out, archive.Width, style);
            return ExitCodes.Ok;
        });
}
