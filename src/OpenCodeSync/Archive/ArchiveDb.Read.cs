using OpenCodeSync.Sqlite;
using OpenCodeSync.State;

namespace OpenCodeSync.Archive;

/// <summary>What every query needs: the delivery state beside the archive, and the session filter in SQL.</summary>
public sealed partial class ArchiveDb
{
    private bool _stateAttached;

    /// <summary>
    /// Attaches <c>state.db</c> (as <c>st</c>) so list views can say what reached the backend. Missing or
    /// unreadable state leaves every session "local".
    /// </summary>
    public bool AttachState(string stateDir)
    {
        var path = System.IO.Path.Combine(stateDir, StateDb.FileName);
        if (_stateAttached || !File.Exists(path))
            return _stateAttached;
        lock (_gate)
        {
            try
            {
                _db.Prepare("ATTACH DATABASE ?1 AS st").Bind(1, path).Run();
                // A state.db too old (or too new) to have the delivery table is no state at all.
                var probe = _db.Prepare("SELECT 1 FROM st.sqlite_master WHERE type = 'table' AND name = 'delivery'");
                _stateAttached = probe.Step();
                probe.Reset();
            }
            catch (SqliteException)
            {
                _stateAttached = false;
            }
        }
        return _stateAttached;
    }

    /// <summary>
    /// Starts one read transaction for everything the command reads until the archive is closed: one consistent
    /// snapshot while hooks and delivery write, and one WAL read lock instead of one per statement (a listing runs
    /// ~40 of them). Call after <see cref="AttachState"/> (SQLite attaches nothing inside a transaction).
    /// </summary>
    public void BeginSnapshot()
    {
        lock (_gate)
            _db.Exec("BEGIN");
    }

    /// <summary>Whether the session was sent and whether anything of it waits in the outbox, as SQL columns.</summary>
    private string SyncColumns(string idColumn) => _stateAttached
        ? $"EXISTS(SELECT 1 FROM st.delivery d WHERE d.kind = 'session' AND d.id = {idColumn} AND d.first_sent_at IS NOT NULL), " +
          $"EXISTS(SELECT 1 FROM st.delivery d WHERE d.session_id = {idColumn} AND d.pending_fp IS NOT NULL)"
        : "0, 0";

    /// <summary>
    /// The WHERE conditions of <paramref name="filter"/> on sessions aliased <c>s</c>, parameters from ?10 on. A
    /// project directory matches itself and everything below it (a range, so the index serves it).
    /// </summary>
    private string FilterSql(SessionFilter filter, string sinceColumn)
    {
        var conditions = new List<string>();
        if (filter.Origin is not null)
            conditions.Add($"{OriginColumn} = ?15");
        if (filter.ExceptSession is not null)
            conditions.Add("s.id <> ?16");
        if (filter.ProjectPath is not null || filter.ProjectName is not null)
            conditions.Add("(s.project_path = ?10 OR (s.project_path >= ?11 AND s.project_path < ?12) OR s.project_name = ?13)");
        if (filter.Since is not null)
            conditions.Add($"{sinceColumn} >= ?14");
        return conditions.Count == 0 ? "1" : string.Join(" AND ", conditions);
    }

    private static SqliteStatement BindFilter(SqliteStatement s, SessionFilter filter)
    {
        if (filter.ProjectPath is not null || filter.ProjectName is not null)
        {
            var dir = filter.ProjectPath?.TrimEnd('/');
            // '/' + 1 is '0': [dir/, dir0) is exactly the paths under dir.
            s.Bind(10, dir).Bind(11, dir is null ? null : dir + "/").Bind(12, dir is null ? null : dir + "0").Bind(13, filter.ProjectName);
        }
        if (filter.Since is { } since)
            s.Bind(14, since);
        if (filter.Origin is { } origin)
            s.Bind(15, origin);
        if (filter.ExceptSession is { } except)
            s.Bind(16, except);
        return s;
    }

    private static SessionSummary ReadSummary(SqliteStatement s, bool configured) => new(
        s.String(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Long(5), s.Long(6), (int)s.Int64(7),
        s.Int64(8), s.Int64(9), s.Int64(10), s.Int64(11), s.Double(12) ?? 0,
        s.String(13) == Origins.Pulled ? SyncStates.Pulled : SyncStates.Of(sent: s.Int64(14) != 0, pending: s.Int64(15) != 0, configured));

    private string SummaryColumns =>
        "s.id, s.title, s.project_name, s.project_path, s.model, s.created_at, s.updated_at, s.message_count, " +
        $"s.prompt_tokens, s.completion_tokens, s.cache_read, s.cache_write, s.cost, {OriginColumn}";

    /// <summary>A version-1 archive opened for reading has no origin column: everything in it was recorded here.</summary>
    private string OriginColumn => HasOrigin ? "s.origin" : "'local'";
}
