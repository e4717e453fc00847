using OpenCodeSync.Journal;
using OpenCodeSync.OpenCode;
using OpenCodeSync.Sync;
using OpenCodeSync.State;

namespace OpenCodeSync.Delivery;

/// <summary>What one fold pass did.</summary>
public readonly record struct FoldStats(int Events, int Changed, int Errors, IReadOnlySet<string> Sessions);

/// <summary>
/// Journal → entity rows. Reads from the stored cursor; each batch of entities is written together with the
/// cursor just past it, so a crash re-reads at most an uncommitted batch (and re-applying it is a no-op:
/// the merge rule keeps the same winner).
/// </summary>
public sealed class JournalFold(StateDb db, IJournalSource journal, int batchSize = 256)
{
    public FoldStats FoldAvailable(Action<string>? onError = null)
    {
        var start = db.Cursor;
        var next = start;
        var batch = new List<EntityUpdate>(batchSize);
        var sessions = new HashSet<string>(StringComparer.Ordinal);
        int events = 0, changed = 0, errors = 0;

        void Flush()
        {
            var touched = db.ApplyFolded(batch, next);
            changed += touched.Count;
            sessions.UnionWith(touched);
            batch.Clear();
        }

        foreach (var entry in journal.ReadFrom(start, onError))
        {
            events++;
            switch (Classify(entry.EventJson.Span))
            {
                case { Update: { } update }:
                    batch.Add(update);
                    break;
                case { Error: { } error }:
                    errors++;
                    onError?.Invoke(error);
                    break;
            }
            next = entry.Next;
            if (events % batchSize == 0)
                Flush();
        }
        if (next != start)
            Flush();
        return new FoldStats(events, changed, errors, sessions);
    }

    /// <summary>Empties the journal when everything in it is folded; the new cursor is stored at once.</summary>
    public void CompactIfFullyRead()
    {
        var cursor = db.Cursor;
        var after = journal.CompactIfFullyRead(cursor);
        if (after != cursor)
            db.SaveCursor(after);
    }

    /// <summary>Same decisions as the tests' in-memory fold (SessionFold), returning the entity version instead of storing it.</summary>
    private static Classification Classify(ReadOnlySpan<byte> line)
    {
        if (!EventTypes.IsRelevant(line))
            return Classification.Ignore;
        return EventEnvelope.TryParse(line, out var envelope, out var error)
            ? EventClassifier.Classify(envelope)
            : Classification.Fail(error ?? "unreadable event");
    }
}
