using OpenCodeSync.Journal;

namespace OpenCodeSync.Delivery;

/// <summary>
/// The journal the binary reads until the hook's file journal is merged (it implements the same
/// <see cref="IJournalSource"/>; <see cref="Hosting.CliContext.OpenJournal"/> is the one line to change).
/// Delivery still sends whatever is already folded into the state database.
/// </summary>
public sealed class EmptyJournal : IJournalSource
{
    public static EmptyJournal Instance { get; } = new();

    public IEnumerable<JournalEntry> ReadFrom(JournalCursor cursor, Action<string>? onCorrupt = null) => [];

    public bool HasDataAfter(JournalCursor cursor) => false;

    public JournalCursor CompactIfFullyRead(JournalCursor cursor) => cursor;
}
