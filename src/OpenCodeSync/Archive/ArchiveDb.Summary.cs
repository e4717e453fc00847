namespace OpenCodeSync.Archive;

/// <summary>How many sessions and messages the archive holds (for <c>status</c>).</summary>
public readonly record struct ArchiveCounts(long Sessions, long Messages, long Pulled = 0);

public sealed partial class ArchiveDb
{
    public ArchiveCounts Counts()
    {
        lock (_gate)
        {
            var pulled = HasOrigin ? $"(SELECT COUNT(*) FROM sessions WHERE origin = '{Origins.Pulled}')" : "0";
            var s = _db.Prepare($"SELECT (SELECT COUNT(*) FROM sessions), (SELECT COUNT(*) FROM messages), {pulled}");
            var counts = s.Step() ? new ArchiveCounts(s.Int64(0), s.Int64(1), s.Int64(2)) : default;
            s.Reset();
            return counts;
        }
    }
}
