namespace OpenCodeSync.Journal;

/// <summary>
/// A place in the journal. <see cref="Generation"/> changes whenever the journal is compacted, so a
/// cursor saved before a compaction can never skip events written after it.
/// </summary>
public readonly record struct JournalCursor(string Generation, long Offset)
{
    public static JournalCursor Start { get; } = new("", 0);
}

/// <summary>One accepted OpenCode event (a single JSON line, UTF-8) and the cursor just past it.</summary>
public readonly record struct JournalEntry(ReadOnlyMemory<byte> EventJson, JournalCursor Next);

/// <summary>
/// Reads what hook processes appended. Corrupt or torn lines are skipped (and reported through
/// <paramref name="onCorrupt"/>), never thrown; a torn tail that may still be being written is not
/// passed over, so the next read sees it once complete.
/// </summary>
public interface IJournalSource
{
    IEnumerable<JournalEntry> ReadFrom(JournalCursor cursor, Action<string>? onCorrupt = null);

    /// <summary>True when something was appended after <paramref name="cursor"/> (a cheap stat).</summary>
    bool HasDataAfter(JournalCursor cursor);

    /// <summary>
    /// Empties the journal when everything up to <paramref name="cursor"/> is folded and nothing came
    /// after; returns the cursor to continue from (a new generation), or the same cursor when it did not compact.
    /// </summary>
    JournalCursor CompactIfFullyRead(JournalCursor cursor);
}
