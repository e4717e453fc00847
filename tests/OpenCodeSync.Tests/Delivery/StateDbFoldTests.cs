using OpenCodeSync.Delivery;
using OpenCodeSync.Journal;
using OpenCodeSync.Sync;
using OpenCodeSync.Tests.Support;
using OpenCodeSync.State;

namespace OpenCodeSync.Tests.Delivery;

/// <summary>The persistent fold: same result as the in-memory one, cursor and entities always together.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class StateDbFoldTests
{
    private static string Render(StateDb db)
    {
        var fold = new SessionFold();
        foreach (var session in SessionsOf(db))
        {
            foreach (var e in db.EntitiesOf(session))
                fold.Store.Apply(e);
        }
        return Folding.Render(fold);
    }

    private static IEnumerable<string> SessionsOf(StateDb db) => db.DirtySessions();

    [Test]
    [Arguments(1)]
    [Arguments(2)]
    [Arguments(3)]
    public async Task The_database_fold_of_a_shuffled_stream_equals_the_in_memory_fold(int seed)
    {
        using var dir = new TempDir();
        using var db = StateDb.Open(dir.Path);
        var journal = new MemoryJournal();
        var lines = Fixtures.TextLines(Fixtures.Multi);
        journal.AppendAll(Folding.Shuffled(lines, seed));

        var stats = new JournalFold(db, journal, batchSize: 7).FoldAvailable();

        await Assert.That(stats.Events).IsEqualTo(lines.Count);
        await Assert.That(Render(db)).IsEqualTo(Folding.Render(Folding.Fold(lines)));
        await Assert.That(db.Cursor.Offset).IsEqualTo(lines.Count);
    }

    [Test]
    public async Task Folding_again_from_an_older_cursor_changes_nothing()
    {
        using var dir = new TempDir();
        using var db = StateDb.Open(dir.Path);
        var journal = new MemoryJournal();
        journal.AppendAll(Fixtures.TextLines(Fixtures.Tool));
        new JournalFold(db, journal).FoldAvailable();
        var before = Render(db);

        // As after a crash between reading and committing: the same events come again.
        db.SaveCursor(JournalCursor.Start);
        var again = new JournalFold(db, journal).FoldAvailable();

        await Assert.That(again.Changed).IsEqualTo(0);
        await Assert.That(Render(db)).IsEqualTo(before);
    }

    [Test]
    public async Task A_failed_batch_commits_neither_entities_nor_cursor()
    {
        using var dir = new TempDir();
        using var db = StateDb.Open(dir.Path);
        var journal = new ThrowingJournal(Fixtures.TextLines(Fixtures.Simple), throwAfter: 5);

        await Assert.That(() => new JournalFold(db, journal, batchSize: 3).FoldAvailable()).Throws<IOException>();

        // The first batch (3 events) committed with its cursor; the half-read second batch left no trace.
        await Assert.That(db.Cursor.Offset).IsEqualTo(3);
        var replay = new MemoryJournal();
        replay.AppendAll(Fixtures.TextLines(Fixtures.Simple).Take(3));
        using var dir2 = new TempDir();
        using var expected = StateDb.Open(dir2.Path);
        new JournalFold(expected, replay).FoldAvailable();
        await Assert.That(Render(db)).IsEqualTo(Render(expected));
    }

    [Test]
    public async Task A_fully_folded_journal_is_compacted_and_later_events_are_still_read()
    {
        using var dir = new TempDir();
        using var db = StateDb.Open(dir.Path);
        var journal = new MemoryJournal();
        var lines = Fixtures.TextLines(Fixtures.Multi);
        journal.AppendAll(lines.Take(10));
        var fold = new JournalFold(db, journal);
        fold.FoldAvailable();

        fold.CompactIfFullyRead();
        journal.AppendAll(lines.Skip(10));
        fold.FoldAvailable();

        await Assert.That(journal.Compactions).IsEqualTo(1);
        await Assert.That(db.Cursor.Generation).IsEqualTo("g2");
        await Assert.That(Render(db)).IsEqualTo(Folding.Render(Folding.Fold(lines)));
    }

    [Test]
    public async Task The_database_file_is_private()
    {
        using var dir = new TempDir();
        using (StateDb.Open(dir.Path)) { }
        var mode = File.GetUnixFileMode(Path.Combine(dir.Path, StateDb.FileName));
        await Assert.That(mode & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite)).IsEqualTo(UnixFileMode.None);
    }

    /// <summary>A journal whose reading fails mid-way, like a process killed while folding.</summary>
    private sealed class ThrowingJournal(IReadOnlyList<string> lines, int throwAfter) : IJournalSource
    {
        public IEnumerable<JournalEntry> ReadFrom(JournalCursor cursor, Action<string>? onCorrupt = null)
        {
            for (var i = (int)cursor.Offset; i < lines.Count; i++)
            {
                if (i == throwAfter)
                    throw new IOException("disk went away");
                yield return new JournalEntry(System.Text.Encoding.UTF8.GetBytes(lines[i]), new JournalCursor("", i + 1));
            }
        }

        public bool HasDataAfter(JournalCursor cursor) => cursor.Offset < lines.Count;

        public JournalCursor CompactIfFullyRead(JournalCursor cursor) => cursor;
    }
}
