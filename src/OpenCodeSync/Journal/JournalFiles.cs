using OpenCodeSync.Hosting;

namespace OpenCodeSync.Journal;

/// <summary>
/// The journal's files in the state directory, and the one operation that replaces the journal: starting a
/// new generation. Everything that changes <c>journal.log</c> does so holding <see cref="LockFile"/> on
/// <c>journal.lock</c>; readers take no lock.
/// </summary>
public sealed class JournalFiles(string stateDir)
{
    public string StateDir { get; } = stateDir;
    public string JournalPath => Path.Combine(StateDir, "journal.log");
    public string LockPath => Path.Combine(StateDir, "journal.lock");
    private string NextPath => Path.Combine(StateDir, "journal.log.next");

    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public LockFile Lock() => LockFile.Acquire(LockPath);

    /// <summary>
    /// Replaces (or creates) <c>journal.log</c> with an empty one under a fresh generation; the caller holds
    /// the lock. The header is written to a side file and renamed into place, so at every instant the path
    /// holds either the complete old journal or the complete new one: a crash before the rename leaves the
    /// old generation (readers continue where they were), after it the new one (readers start at 0 of a
    /// file that only holds events appended after the switch).
    /// </summary>
    public string StartGeneration()
    {
        var generation = JournalFormat.NewGeneration();
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFile;
        }

        using (var next = new FileStream(NextPath, options))
        {
            next.Write(JournalFormat.Header(generation));
            // Rare (first run, compaction): make the header durable before the rename points at it.
            next.Flush(flushToDisk: true);
        }

        File.Move(NextPath, JournalPath, overwrite: true);
        return generation;
    }

    /// <summary>Opens the journal for reading, or null when there is none yet.</summary>
    public FileStream? OpenRead()
    {
        try
        {
            return new FileStream(JournalPath, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                BufferSize = 0,
            });
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The generation in the journal's header: null when there is no journal, "" when the header is unreadable.</summary>
    public static string? ReadGeneration(FileStream file)
    {
        Span<byte> header = stackalloc byte[JournalFormat.HeaderLength];
        var read = RandomAccess.Read(file.SafeFileHandle, header, 0);
        return JournalFormat.ReadGeneration(header[..read]) ?? InvalidHeader;
    }

    /// <summary>Generation reported for a file whose header is missing or damaged (lines are then read from 0).</summary>
    public const string InvalidHeader = "invalid-header";
}
