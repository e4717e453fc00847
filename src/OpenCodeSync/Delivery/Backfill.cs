using OpenCodeSync.Hosting;
using OpenCodeSync.Json;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Sync;
using OpenCodeSync.History;
using OpenCodeSync.State;

namespace OpenCodeSync.Delivery;

/// <summary>Which past sessions <c>sync</c> sends.</summary>
public enum BackfillMode
{
    /// <summary>Sessions this machine never got the backend to accept.</summary>
    New,

    /// <summary>Sessions the backend does not list.</summary>
    All,

    /// <summary>Everything, again.</summary>
    Force,
}

/// <summary>Narrows the sessions: one id, activity since a time, a project directory (and below).</summary>
public sealed record BackfillFilter(string? SessionId = null, long? SinceMs = null, string? Project = null)
{
    public bool Matches(HistorySession s) =>
        (SessionId is null || string.Equals(s.Id, SessionId, StringComparison.Ordinal))
        && (SinceMs is null || Math.Max(s.Updated, s.Created) >= SinceMs)
        && (Project is null || IsUnder(s.Directory, Project));

    private static bool IsUnder(string? directory, string project)
    {
        if (directory is null)
            return false;
        var d = Path.TrimEndingDirectorySeparator(directory);
        var p = Path.TrimEndingDirectorySeparator(project);
        return string.Equals(d, p, StringComparison.Ordinal)
            || (d.StartsWith(p, StringComparison.Ordinal) && d.Length > p.Length && d[p.Length] == Path.DirectorySeparatorChar);
    }
}

public enum BackfillStatus { Synced, Skipped, Failed }

/// <summary>What happened to one session (<paramref name="Reason"/> for skipped and failed ones).</summary>
public sealed record BackfillResult(string SessionId, BackfillStatus Status, string? Reason, string? Title = null, int Messages = 0);

/// <summary>One session's records as <c>sync --export</c> writes them and <c>--dry-run</c> prints them.</summary>
public sealed record SessionExport(SessionRecord Session, IReadOnlyList<MessageRecord> Messages);

/// <summary>
/// Past sessions from OpenCode's local history → the same entity versions live events produce → state.db and
/// the ordinary delivery loop. Sessions are read one at a time; only headers are listed up front.
/// </summary>
public static class Backfill
{
    /// <summary>Every session of every source that passes <paramref name="filter"/>; an id in two sources is taken from the first.</summary>
    public static IEnumerable<(IHistorySource Source, HistorySession Session)> Candidates(IReadOnlyList<IHistorySource> sources, BackfillFilter filter)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            foreach (var s in source.Sessions())
            {
                if (seen.Add(s.Id) && filter.Matches(s))
                    yield return (source, s);
            }
        }
    }

    /// <summary>The records a session becomes: exactly what delivery would send for it (redacted, fitted).</summary>
    public static SessionExport Records(SessionSnapshot snap, RecordOptions options)
    {
        var built = SessionRecords.Build(snap, options);
        return new SessionExport(built.Session, [.. built.Messages.Select(m => m.Record)]);
    }

    /// <summary>Why a session is not sent in <paramref name="mode"/>, or null to send it.</summary>
    public static string? SkipReason(BackfillMode mode, SessionSnapshot snap, RecordOptions options, StateDb? db, IReadOnlySet<string>? onServer)
    {
        if (snap.Deleted)
            return "deleted in OpenCode";
        if (options.IsExcluded(snap.Info?.Str("directory")))
            return "project excluded";
        if (db?.IsForgotten(snap.SessionId) == true)
            return "forgotten ('opencode-sync forget')";
        return mode switch
        {
            BackfillMode.New when db?.WasSessionSent(snap.SessionId) == true => "already synced from this machine",
            BackfillMode.All when onServer?.Contains(snap.SessionId) == true => "already on the server",
            _ => null,
        };
    }

    /// <summary>
    /// How a queued session ended: synced when none of its records is pending or dead, else failed with the reason
    /// (<paramref name="loop"/> explains records still pending when the session's own rows do not).
    /// </summary>
    public static BackfillResult ResultOf(StateDb db, string sessionId, string? title, int messages, LoopResult? loop)
    {
        var rows = db.RowsOf(sessionId);
        var pending = rows.FirstOrDefault(r => r.IsPending);
        var dead = rows.FirstOrDefault(r => r.DeadFp is not null && r.SentFp != r.DeadFp);
        if (pending is null && dead is null)
            return new BackfillResult(sessionId, BackfillStatus.Synced, null, title, messages);
        if (dead is not null)
            return new BackfillResult(sessionId, BackfillStatus.Failed, dead.LastError ?? "the backend rejected a record", title, messages);
        return new BackfillResult(sessionId, BackfillStatus.Failed,
            pending!.LastError ?? (loop?.Unauthorized == true ? "the backend refused the API key (401)" : loop?.LastError ?? "not sent in time"),
            title, messages);
    }
}
