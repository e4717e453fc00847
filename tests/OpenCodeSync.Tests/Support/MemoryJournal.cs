using System.Text;
using OpenCodeSync.Journal;

namespace OpenCodeSync.Tests.Support;

/// <summary>
/// An <see cref="IJournalSource"/> in memory, standing in for the hook's file journal: offsets are line
/// numbers, a compaction starts a new generation. Thread-safe, so a test can append while delivery reads.
/// </summary>
public sealed class MemoryJournal : IJournalSource
{
    private readonly Lock _gate = new();
    private readonly List<byte[]> _lines = [];
    private int _generation = 1;

    public int Compactions { get; private set; }

    private string Generation => $"g{_generation}";

    public void Append(string line)
    {
        lock (_gate)
            _lines.Add(Encoding.UTF8.GetBytes(line));
    }

    public void AppendAll(IEnumerable<string> lines)
    {
        foreach (var l in lines)
            Append(l);
    }

    public IEnumerable<JournalEntry> ReadFrom(JournalCursor cursor, Action<string>? onCorrupt = null)
    {
        List<byte[]> snapshot;
        string generation;
        lock (_gate)
        {
            snapshot = [.. _lines];
            generation = Generation;
        }
        // A cursor of an older generation reads the new one from its start: nothing written after is skipped.
        var start = cursor.Generation == generation ? (int)cursor.Offset : 0;
        for (var i = start; i < snapshot.Count; i++)
            yield return new JournalEntry(snapshot[i], new JournalCursor(generation, i + 1));
    }

    public bool HasDataAfter(JournalCursor cursor)
    {
        lock (_gate)
            return cursor.Generation != Generation ? _lines.Count > 0 : _lines.Count > cursor.Offset;
    }

    public JournalCursor CompactIfFullyRead(JournalCursor cursor)
    {
        lock (_gate)
        {
            if (cursor.Generation != Generation || cursor.Offset != _lines.Count || _lines.Count == 0)
                return cursor;
            _lines.Clear();
            _generation++;
            Compactions++;
            return new JournalCursor(Generation, 0);
        }
    }
}
