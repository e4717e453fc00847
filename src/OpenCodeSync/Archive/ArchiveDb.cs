using OpenCodeSync.Hosting;
using OpenCodeSync.Sqlite;

namespace OpenCodeSync.Archive;

/// <summary>
/// <c>${XDG_DATA_HOME}/opencode-sync/archive.db</c>: every session the hook or a backfill has seen, as the
/// records that are (or would be) sent — redacted — whether or not anyone logged in. Written only by the
/// process that folds the journal (delivery, or <c>sync</c>); read by <c>sessions</c>, <c>show</c>, <c>search</c>,
/// <c>export</c> and <c>stats</c> at any time (WAL: readers never wait for the writer).
/// </summary>
public sealed partial class ArchiveDb : IDisposable
{
    public const string FileName = "archive.db";

    private readonly Lock _gate = new();
    private readonly SqliteDb _db;

    private ArchiveDb(SqliteDb db, string path, int version)
    {
        _db = db;
        Path = path;
        Version = version;
    }

    public string Path { get; }

    /// <summary>The layout version found in the file (see <see cref="ArchiveSchema.Version"/>).</summary>
    public int Version { get; }

    /// <summary>True when a newer opencode-sync laid the archive out: it is read as far as possible, never written.</summary>
    public bool IsNewer => Version > ArchiveSchema.Version;

    /// <summary>Whether the file knows where sessions came from (a version-1 archive not yet written holds only local ones).</summary>
    internal bool HasOrigin => Version >= 2;

    /// <summary>This open laid the archive out (a first run, or an upgrade from a version without one).</summary>
    public bool WasCreated { get; private init; }

    /// <summary>Why this archive is not written (a newer version's), or null.</summary>
    public string? WriteProblem => IsNewer
        ? $"{Path} was written by a newer opencode-sync (archive version {Version}; this one knows {ArchiveSchema.Version}): " +
          "not updating it — upgrade opencode-sync"
        : null;

    public static string PathIn(string dataDir) => System.IO.Path.Combine(dataDir, FileName);

    /// <summary>Opens the archive for writing, creating it (0600 in a 0700 directory) when missing.</summary>
    public static ArchiveDb Open(string dataDir)
    {
        var path = PathIn(dataDir);
        var db = SqliteDb.OpenShared(path);
        try
        {
            var version = UserVersion(db);
            var created = false;
            if (version < ArchiveSchema.Version)
            {
                created = version == 0;
                // Two first writers may race here: the schema is idempotent and the version is set with it.
                db.InTransaction(() =>
                {
                    // Read again inside the transaction: another writer may have upgraded since.
                    var now = UserVersion(db);
                    if (now >= ArchiveSchema.Version)
                        return;
                    db.Exec(ArchiveSchema.Create);
                    if (now == 1)
                        db.Exec(ArchiveSchema.Upgrade1To2);
                    db.Exec($"PRAGMA user_version = {ArchiveSchema.Version}");
                });
                version = ArchiveSchema.Version;
            }
            return new ArchiveDb(db, path, version) { WasCreated = created };
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>Opens an existing archive for queries (no writes are issued); null when there is none yet.</summary>
    /// <remarks>
    /// Not SQLITE_OPEN_READONLY: a read-only connection cannot create the WAL index (-shm) when no writer has
    /// it open, and would fail exactly when the archive is idle.
    /// </remarks>
    public static ArchiveDb? OpenForReading(string dataDir)
    {
        var path = PathIn(dataDir);
        if (!File.Exists(path))
            return null;
        var db = SqliteDb.Open(path);
        try
        {
            db.DisableLookaside();
            db.Exec("PRAGMA busy_timeout = 5000");
            // A query reads each page about once, and the OS caches the file anyway. SQLite's default cache
            // mallocs a fresh buffer per page read, and a fresh page costs a fault (~35 µs on a VM): a small
            // cache recycles its buffers. Measured: ranked search of a common word 1,179 → 478 page faults.
            db.Exec("PRAGMA cache_size = 16");
            var version = UserVersion(db);
            if (version == 0)
            {
                // Created but never written (a writer is between creating the file and its first commit).
                db.Dispose();
                return null;
            }
            return new ArchiveDb(db, path, version);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    private static int UserVersion(SqliteDb db)
    {
        var s = db.Prepare("PRAGMA user_version");
        var version = s.Step() ? (int)s.Int64(0) : 0;
        s.Reset();
        return version;
    }

    private void EnsureWritable()
    {
        if (WriteProblem is { } problem)
            throw new ArchiveException(problem);
    }

    public void Dispose()
    {
        lock (_gate)
            _db.Dispose();
    }
}
