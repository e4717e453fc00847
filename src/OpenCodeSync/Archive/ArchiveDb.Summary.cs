namespace OpenCodeSync.Archive;

/// <summary>How many sessions and messages the archive holds (for <c>status</c>).</summary>
public readonly record struct ArchiveCounts(long Sessions, long Messages);

public sealed partial class ArchiveDb
{
    public ArchiveCounts Counts()
    {
        lock (_gate)
        {
            var s = _db.Prepare("SELECT (SELECT COUNT(*) FROM sessions), (SELECT COUNT(*) FROM messages)");
            var counts = s.Step() ? new ArchiveCounts(s.Int64(0), s.Int64(1)) : default;
            s.Reset();
            return counts;
        }
    }
}
