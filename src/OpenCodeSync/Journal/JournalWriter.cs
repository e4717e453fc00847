namespace OpenCodeSync.Journal;

/// <summary>
/// Appends accepted events, one hook call at a time, as one write under the journal lock, so concurrent
/// hook processes never interleave or tear each other's lines.
/// </summary>
/// <remarks>
/// Durability: no fsync per append by default. A hook killed (even -9) after its write loses nothing — the
/// data is in the page cache and reaches disk without the process. Only a power loss or kernel crash within
/// the writeback window (~5–30 s) can lose the last events, and those events are also still in OpenCode's
/// own database. Measured on this machine (scripts/bench.sh journal): fsync costs several milliseconds per
/// hook call — more than the whole hook otherwise — so it is opt-in (<see cref="Hosting.EnvVars.JournalFsync"/>).
/// </remarks>
public sealed class JournalWriter(JournalFiles files, bool flushToDisk = false)
{
    public JournalWriter(string stateDir, bool flushToDisk = false)
        : this(new JournalFiles(stateDir), flushToDisk)
    {
    }

    /// <summary>
    /// Appends every event of one hook call. Each must be one valid JSON value (callers validate); values with
    /// line breaks are minified. Throws <see cref="IOException"/>/<see cref="UnauthorizedAccessException"/>.
    /// </summary>
    public void Append(IReadOnlyList<ReadOnlyMemory<byte>> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        // Built before taking the lock, so the lock is held for a few syscalls only.
        var buffer = Frame(events);
        using var held = files.Lock();
        using var journal = OpenForAppend();
        var handle = journal.SafeFileHandle;
        var length = RandomAccess.GetLength(handle);

        // A writer that died mid-line (power loss, full disk) left a tail without a newline; end it so that
        // tail becomes one detectably corrupt line instead of swallowing our first event.
        var start = 1;
        if (length > 0)
        {
            Span<byte> last = stackalloc byte[1];
            if (RandomAccess.Read(handle, last, length - 1) == 1 && last[0] != (byte)'\n')
            {
                start = 0;
            }
        }

        RandomAccess.Write(handle, buffer.AsSpan(start), length);
        if (flushToDisk)
        {
            RandomAccess.FlushToDisk(handle);
        }
    }

    private static byte[] Frame(IReadOnlyList<ReadOnlyMemory<byte>> events)
    {
        var jsons = new ReadOnlyMemory<byte>[events.Count];
        var size = 1; // room for a newline ending someone else's torn tail
        for (var i = 0; i < events.Count; i++)
        {
            var json = events[i];
            jsons[i] = JsonMinifier.IsMultiLine(json.Span) ? JsonMinifier.Minify(json.Span) : json;
            size += JournalFormat.LineLength(jsons[i].Length);
        }

        var buffer = new byte[size];
        buffer[0] = (byte)'\n';
        var at = 1;
        foreach (var json in jsons)
        {
            at += JournalFormat.WriteLine(json.Span, buffer.AsSpan(at));
        }

        return buffer;
    }

    private FileStream OpenForAppend()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(files.JournalPath, new FileStreamOptions
                {
                    Mode = FileMode.Open,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.ReadWrite | FileShare.Delete,
                    BufferSize = 0,
                });
            }
            catch (FileNotFoundException) when (attempt == 0)
            {
                // First event ever (or the user deleted the file): we hold the lock, so nobody races us.
                files.StartGeneration();
            }
        }
    }
}
