using OpenCodeSync.Archive;
using OpenCodeSync.Sqlite;

namespace OpenCodeSync.Commands;

/// <summary>Reads the archive facts <c>status</c> shows, without creating anything.</summary>
internal static class ArchiveStatusReader
{
    public static ArchiveReport Read(string dataDir)
    {
        var path = ArchiveDb.PathIn(dataDir);
        try
        {
            using var archive = ArchiveDb.OpenForReading(dataDir);
            if (archive is null)
                return new ArchiveReport(path, false, 0, 0, 0, null);
            var counts = archive.Counts();
            return new ArchiveReport(path, true, counts.Sessions, counts.Messages, Bytes(path), archive.WriteProblem, counts.Pulled);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            return new ArchiveReport(path, File.Exists(path), 0, 0, 0, $"cannot read it: {e.Message}");
        }
    }

    /// <summary>The database and its write-ahead log: what it takes on disk right now.</summary>
    private static long Bytes(string path) =>
        new FileInfo(path).Length + (File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0);
}
