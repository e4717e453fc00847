namespace OpenCodeSync.Journal;

/// <summary>
/// The delivery side's view of <c>journal.log</c> (format: <see cref="JournalFormat"/>). Reads take no lock;
/// compaction takes the writers' lock and swaps in a new generation (<see cref="JournalFiles.StartGeneration"/>).
/// </summary>
public sealed class FileJournal(JournalFiles files) : IJournalSource
{
    /// <summary>Only this much unread-but-corrupt tail is inspected before compacting over it.</summary>
    private const long MaxCorruptTailBytes = 1 << 20;

    public FileJournal(string stateDir)
        : this(new JournalFiles(stateDir))
    {
    }

    public string Path => files.JournalPath;

    public IEnumerable<JournalEntry> ReadFrom(JournalCursor cursor, Action<string>? onCorrupt = null)
    {
        using var file = files.OpenRead();
        if (file is null)
        {
            yield break;
        }

        var generation = JournalFiles.ReadGeneration(file);
        var reader = Start(file, generation!, cursor, onCorrupt);
        while (reader is not null && reader.TryNext(out var entry))
        {
            yield return entry;
        }
    }

    public bool HasDataAfter(JournalCursor cursor)
    {
        using var file = files.OpenRead();
        if (file is null)
        {
            return false;
        }

        var generation = JournalFiles.ReadGeneration(file);
        var length = RandomAccess.GetLength(file.SafeFileHandle);
        return length > (generation == cursor.Generation ? cursor.Offset : DataStart(generation!));
    }

    public JournalCursor CompactIfFullyRead(JournalCursor cursor)
    {
        using var held = files.Lock();
        using (var file = files.OpenRead())
        {
            if (file is null || JournalFiles.ReadGeneration(file) != cursor.Generation)
            {
                return cursor;
            }

            var length = RandomAccess.GetLength(file.SafeFileHandle);
            var read = cursor with { Offset = Math.Max(cursor.Offset, DataStart(cursor.Generation)) };
            if (length <= DataStart(cursor.Generation) || (length != read.Offset && !OnlyCorruptLinesAfter(file, read, length)))
            {
                return cursor; // nothing to reclaim, or something still unread
            }
        }

        var generation = files.StartGeneration();
        return new JournalCursor(generation, JournalFormat.HeaderLength);
    }

    private static JournalLineReader? Start(FileStream file, string generation, JournalCursor cursor, Action<string>? onCorrupt)
    {
        var dataStart = DataStart(generation);
        if (generation == JournalFiles.InvalidHeader)
        {
            onCorrupt?.Invoke("journal header is missing or damaged; reading its lines anyway");
        }

        if (generation != cursor.Generation)
        {
            // Compacted (or recreated) since the cursor was taken: everything in this file is new to the reader.
            return new JournalLineReader(file, dataStart, generation, onCorrupt);
        }

        if (cursor.Offset > RandomAccess.GetLength(file.SafeFileHandle))
        {
            onCorrupt?.Invoke($"journal is shorter than the saved position {cursor.Offset}; waiting for new lines");
            return null;
        }

        return new JournalLineReader(file, Math.Max(cursor.Offset, dataStart), generation, onCorrupt);
    }

    private static long DataStart(string generation) =>
        generation == JournalFiles.InvalidHeader ? 0 : JournalFormat.HeaderLength;

    // Lines that can never be delivered must not pin the journal forever: if everything after the cursor is
    // complete but corrupt, compacting loses nothing. Called under the lock, so no line is in flight.
    private static bool OnlyCorruptLinesAfter(FileStream file, JournalCursor cursor, long length)
    {
        if (length < cursor.Offset || length - cursor.Offset > MaxCorruptTailBytes)
        {
            return false;
        }

        var tail = new byte[length - cursor.Offset];
        var read = RandomAccess.Read(file.SafeFileHandle, tail, cursor.Offset);
        if (read != tail.Length || tail[^1] != (byte)'\n')
        {
            return false;
        }

        foreach (var line in tail.AsSpan(0, tail.Length - 1).Split((byte)'\n'))
        {
            if (JournalFormat.TryReadLine(tail.AsSpan(0, tail.Length - 1)[line], out _, out _))
            {
                return false;
            }
        }

        return true;
    }
}
