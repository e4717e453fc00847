namespace OpenCodeSync.Archive;

/// <summary>Token and cost totals over messages, grouped like ccusage's daily/weekly/monthly reports.</summary>
public sealed partial class ArchiveDb
{
    /// <summary>
    /// One row per group, in key order. Days, weeks (starting Monday) and months are local time (SQLite's
    /// 'localtime' follows TZ like the rest of the process); a message counts where it was created.
    /// </summary>
    public List<StatsRow> Stats(StatsBy by, SessionFilter filter)
    {
        var local = "m.created_at / 1000, 'unixepoch', 'localtime'";
        var key = by switch
        {
            StatsBy.Day => $"date({local})",
            StatsBy.Week => $"date({local}, 'weekday 0', '-6 days')",
            StatsBy.Month => $"strftime('%Y-%m', {local})",
            StatsBy.Project => "COALESCE(s.project_path, s.project_name)",
            StatsBy.Model => "m.model",
            _ => throw new ArgumentOutOfRangeException(nameof(by)),
        };
        return Totals($"COALESCE({key}, '(unknown)')", filter, join: by == StatsBy.Project);
    }

    /// <summary>The totals of everything <paramref name="filter"/> keeps (sessions counted once, however many groups they span).</summary>
    public StatsRow Total(SessionFilter filter) =>
        Totals("'total'", filter, join: false) is [var row] ? row : new StatsRow("total", 0, 0, 0, 0, 0, 0, 0, 0);

    private List<StatsRow> Totals(string key, SessionFilter filter, bool join)
    {
        // Sessions are joined only when a project is asked for: the rest is read from messages_usage alone.
        join |= filter.ProjectPath is not null || filter.ProjectName is not null;
        var sql = $"SELECT {key} AS k, COUNT(DISTINCT m.session_id), COUNT(*), SUM(m.input), SUM(m.output), SUM(m.reasoning), " +
                  "SUM(m.cache_read), SUM(m.cache_write), SUM(m.cost) FROM messages m " + (join ? "JOIN sessions s ON s.id = m.session_id " : "") +
                  $"WHERE {FilterSql(filter, "m.created_at")} GROUP BY k ORDER BY k";
        lock (_gate)
        {
            var s = BindFilter(_db.Prepare(sql), filter);
            var rows = new List<StatsRow>();
            while (s.Step())
                rows.Add(new StatsRow(s.String(0), (int)s.Int64(1), (int)s.Int64(2), s.Int64(3), s.Int64(4), s.Int64(5), s.Int64(6), s.Int64(7), s.Double(8) ?? 0));
            s.Reset();
            return rows;
        }
    }
}
