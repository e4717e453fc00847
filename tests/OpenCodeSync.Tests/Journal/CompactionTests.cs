using OpenCodeSync.Journal;

namespace OpenCodeSync.Tests.Journal;

public class CompactionTests
{
    [Test]
    public async Task Compacting_a_fully_read_journal_starts_a_new_generation_and_loses_nothing_after()
    {
        using var kit = new JournalTestKit();
        kit.Append(JournalTestKit.Event(1), JournalTestKit.Event(2));
        var (_, read) = kit.Read(JournalCursor.Start);

        var next = kit.Source.CompactIfFullyRead(read);
        kit.Append(JournalTestKit.Event(3));

        await Assert.That(next.Generation).IsNotEqualTo(read.Generation);
        await Assert.That(kit.Read(next).Events).IsEquivalentTo(new[] { JournalTestKit.Event(3) });
        // A reader that crashed before saving the new cursor still holds the old one: it must see event 3
        // exactly once, and neither 1 nor 2 again.
        await Assert.That(kit.Read(read).Events).IsEquivalentTo(new[] { JournalTestKit.Event(3) });
        await Assert.That(new FileInfo(kit.Files.JournalPath).Length).IsLessThan(read.Offset + 200);
    }

    [Test]
    public async Task A_journal_with_unread_events_is_not_compacted()
    {
        using var kit = new JournalTestKit();
        kit.Append(JournalTestKit.Event(1));
        var (_, read) = kit.Read(JournalCursor.Start);
        kit.Append(JournalTestKit.Event(2));

        var next = kit.Source.CompactIfFullyRead(read);

        await Assert.That(next).IsEqualTo(read);
        await Assert.That(kit.Read(read).Events).IsEquivalentTo(new[] { JournalTestKit.Event(2) });
    }

    [Test]
    public async Task A_stale_cursor_of_an_older_generation_does_not_compact()
    {
        using var kit = new JournalTestKit();
        kit.Append(JournalTestKit.Event(1));
        var (_, read) = kit.Read(JournalCursor.Start);
        var next = kit.Source.CompactIfFullyRead(read);
        kit.Append(JournalTestKit.Event(2));

        var again = kit.Source.CompactIfFullyRead(read with { Offset = new FileInfo(kit.Files.JournalPath).Length });

        await Assert.That(again.Generation).IsEqualTo(read.Generation);
        await Assert.That(kit.Read(next).Events).IsEquivalentTo(new[] { JournalTestKit.Event(2) });
    }

    [Test]
    public async Task A_crash_before_the_rename_leaves_the_old_generation_readable_where_it_was()
    {
        using var kit = new JournalTestKit();
        kit.Append(JournalTestKit.Event(1));
        var (_, read) = kit.Read(JournalCursor.Start);
        // What a compaction that died before its rename leaves behind: a complete side file, unused.
        File.WriteAllBytes(Path.Combine(kit.Files.StateDir, "journal.log.next"), JournalFormat.Header(JournalFormat.NewGeneration()));
        kit.Append(JournalTestKit.Event(2));

        await Assert.That(kit.Read(read).Events).IsEquivalentTo(new[] { JournalTestKit.Event(2) });
        var next = kit.Source.CompactIfFullyRead(kit.Read(read).Last);
        await Assert.That(next.Generation).IsNotEqualTo(read.Generation);
        await Assert.That(kit.Read(next).Events).IsEmpty();
    }

    [Test]
    public async Task A_recreated_journal_is_a_new_generation_read_from_its_start()
    {
        using var kit = new JournalTestKit();
        kit.Append(JournalTestKit.Event(1));
        var (_, read) = kit.Read(JournalCursor.Start);
        File.Delete(kit.Files.JournalPath);
        kit.Append(JournalTestKit.Event(2), JournalTestKit.Event(3));

        var (events, last) = kit.Read(read);

        await Assert.That(events).IsEquivalentTo(new[] { JournalTestKit.Event(2), JournalTestKit.Event(3) });
        await Assert.That(last.Generation).IsNotEqualTo(read.Generation);
        await Assert.That(kit.Source.HasDataAfter(read)).IsTrue();
        await Assert.That(kit.Source.HasDataAfter(last)).IsFalse();
    }

    [Test]
    public async Task Only_corrupt_lines_after_the_cursor_do_not_pin_the_journal()
    {
        using var kit = new JournalTestKit();
        kit.Append(JournalTestKit.Event(1));
        var (_, read) = kit.Read(JournalCursor.Start);
        kit.AppendRaw("deadbeef not an event\n"u8.ToArray());

        var next = kit.Source.CompactIfFullyRead(read);

        await Assert.That(next.Generation).IsNotEqualTo(read.Generation);
    }

    [Test]
    public async Task An_empty_journal_is_left_alone()
    {
        using var kit = new JournalTestKit();
        await Assert.That(kit.Source.CompactIfFullyRead(JournalCursor.Start)).IsEqualTo(JournalCursor.Start);
        await Assert.That(kit.Read(JournalCursor.Start).Events).IsEmpty();
        await Assert.That(kit.Source.HasDataAfter(JournalCursor.Start)).IsFalse();
    }
}
