using OpenCodeSync.Text;
namespace OpenCodeSync.Archive;

/// <summary>Listing sessions and finding one by its id or a prefix of it.</summary>
public sealed partial class ArchiveDb
{
    /// <summary>
    /// The <paramref name="limit"/> most recently active sessions matching <paramref name="filter"/>, newest first
    /// (ties: the later archived first). Rows come straight off the time index, so the scan stops at the limit and
    /// the delivery state is looked up for those rows only: the cost does not grow with the archive. (A tie-break
    /// on <c>id</c> would need a sort step, and a materialized page a temporary table: ~50 page faults, 2 ms.)
    /// </summary>
    public List<SessionSummary> ListSessions(SessionFilter filter, int limit, bool configured)
    {
        var sql = $"SELECT {SummaryColumns}, {SyncColumns("s.id")} FROM sessions s WHERE {FilterSql(filter, "s.updated_at")} " +
                  "ORDER BY s.updated_at DESC, s.rowid DESC LIMIT ?1";
        lock (_gate)
        {
            var s = BindFilter(_db.Prepare(sql).Bind(1, limit), filter);
            var list = new List<SessionSummary>();
            while (s.Step())
                list.Add(ReadSummary(s, configured));
            s.Reset();
            return list;
        }
    }

    /// <summary>
    /// The session <paramref name="input"/> names: an exact id, a unique prefix, or the same without the
    /// "ses_" every id starts with. Otherwise the prefix's candidates, or ids within a typo of it.
    /// </summary>
    public IdMatch ResolveId(string input)
    {
        input = input.Trim();
        if (input.Length == 0)
            return new IdMatch(null, [], []);
        var candidates = WithPrefix(input, 11);
        if (candidates.Count == 0 && !input.StartsWith("ses_", StringComparison.Ordinal))
            candidates = WithPrefix("ses_" + input, 11);
        if (candidates.Count == 1)
            return new IdMatch(candidates[0], candidates, []);
        if (candidates.Contains(input))
            return new IdMatch(input, candidates, []);
        return candidates.Count > 1 ? new IdMatch(null, candidates, []) : new IdMatch(null, [], CloseTo(input));
    }

    /// <summary>The shortest prefix of <paramref name="id"/> (at least <paramref name="min"/> chars) no other session shares.</summary>
    public string ShortId(string id, int min = 12)
    {
        lock (_gate)
        {
            var common = 0;
            foreach (var sql in (string[])["SELECT id FROM sessions WHERE id < ?1 ORDER BY id DESC LIMIT 1", "SELECT id FROM sessions WHERE id > ?1 ORDER BY id LIMIT 1"])
            {
                var s = _db.Prepare(sql).Bind(1, id);
                if (s.Step())
                    common = Math.Max(common, CommonPrefix(id, s.String(0)));
                s.Reset();
            }
            return id[..Math.Min(id.Length, Math.Max(min, common + 1))];
        }
    }

    /// <summary>One session with its messages' records, or null.</summary>
    public StoredSession? Load(string id, bool configured)
    {
        lock (_gate)
        {
            var s = _db.Prepare($"SELECT {SummaryColumns}, {SyncColumns("s.id")}, s.record FROM sessions s WHERE s.id = ?1").Bind(1, id);
            if (!s.Step())
            {
                s.Reset();
                return null;
            }
            var summary = ReadSummary(s, configured);
            var record = s.String(16);
            s.Reset();
            var m = _db.Prepare("SELECT id, input, output, reasoning, cache_read, cache_write, cost, record FROM messages " +
                                "WHERE session_id = ?1 ORDER BY ord").Bind(1, id);
            var messages = new List<StoredMessage>();
            while (m.Step())
                messages.Add(new StoredMessage(m.String(7), new MessageUsage(m.String(0), m.Int64(1), m.Int64(2), m.Int64(3), m.Int64(4), m.Int64(5), m.Double(6) ?? 0)));
            m.Reset();
            return new StoredSession(summary, record, messages);
        }
    }

    /// <summary>Every session id, oldest first (for export --all).</summary>
    public List<string> AllSessionIds(SessionFilter filter)
    {
        lock (_gate)
        {
            var s = BindFilter(_db.Prepare($"SELECT s.id FROM sessions s WHERE {FilterSql(filter, "s.updated_at")} ORDER BY s.created_at, s.id"), filter);
            var ids = new List<string>();
            while (s.Step())
                ids.Add(s.String(0));
            s.Reset();
            return ids;
        }
    }

    private List<string> WithPrefix(string prefix, int limit)
    {
        lock (_gate)
        {
            // A range on the primary key: ids are ASCII, so nothing sorts after prefix + U+FFFF.
            var s = _db.Prepare("SELECT id FROM sessions WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT ?3")
                .Bind(1, prefix).Bind(2, prefix + "\uffff").Bind(3, limit);
            var ids = new List<string>();
            while (s.Step())
                ids.Add(s.String(0));
            s.Reset();
            return ids;
        }
    }

    /// <summary>Ids whose beginning is within a couple of typos of <paramref name="input"/>, closest first.</summary>
    private List<string> CloseTo(string input)
    {
        var bare = input.StartsWith("ses_", StringComparison.Ordinal) ? input[4..] : input;
        var allowed = Math.Max(1, bare.Length / 4);
        var scored = new List<(int Distance, string Id)>();
        lock (_gate)
        {
            var s = _db.Prepare("SELECT id FROM sessions");
            while (s.Step())
            {
                var id = s.String(0);
                var body = id.StartsWith("ses_", StringComparison.Ordinal) ? id[4..] : id;
                var d = EditDistance.Of(bare, body[..Math.Min(body.Length, bare.Length)], allowed);
                if (d <= allowed)
                    scored.Add((d, id));
            }
            s.Reset();
        }
        return [.. scored.OrderBy(x => x.Distance).ThenBy(x => x.Id, StringComparer.Ordinal).Take(5).Select(x => x.Id)];
    }

    private static int CommonPrefix(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n])
            n++;
        return n;
    }
}
