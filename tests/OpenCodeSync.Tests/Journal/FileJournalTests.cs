using System.Text;
using OpenCodeSync.Journal;

namespace OpenCodeSync.Tests.Journal;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class FileJournalTests
{
    [Test]
    public async Task Appended_events_read_back_byte_for_byte_in_order()
    {
        using var kit = new JournalTestKit();
        kit.Append(JournalTestKit.Event(1), JournalTestKit.Event(2));
        kit.Append(JournalTestKit.Event(3));

        var (events, last) = kit.Read(JournalCursor.Start);

        await Assert.That(events).IsEquivalentTo(new[] { JournalTestKit.Event(1), JournalTestKit.Event(2), JournalTestKit.Event(3) });
        await Assert.That(last.Offset).IsEqualTo(new FileInfo(kit.Files.JournalPath).Length);
        await Assert.That(kit.Read(last).Events).IsEmpty();
        await Assert.That(kit.Source.HasDataAfter(last)).IsFalse();
        await Assert.That(kit.Corrupt).IsEmpty();
    }

    [Test]
    public async Task Multi_line_json_is_stored_as_one_minified_line()
    {
        using var kit = new JournalTestKit();
        kit.Append("{\n  \"type\": \"session.idle\",\n  \"properties\": { \"text\": \"a b\\n c\" }\r\n}");

        var (events, _) = kit.Read(JournalCursor.Start);

        await Assert.That(events).IsEquivalentTo(new[] { """{"type":"session.idle","properties":{"text":"a b\n c"}}""" });
        await Assert.That(File.ReadAllLines(kit.Files.JournalPath).Length).IsEqualTo(2); // header + one event
    }

    [Test]
    public async Task Journal_and_directory_are_private()
    {
        using var kit = new JournalTestKit();
        kit.Append(JournalTestKit.Event(1));

        await Assert.That(File.GetUnixFileMode(kit.Files.JournalPath)).IsEqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await Assert.That(File.GetUnixFileMode(kit.Files.StateDir)).IsEqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [Test]
    public async Task A_torn_tail_is_not_consumed_until_its_newline_arrives_then_read_once()
    {
        using var kit = new JournalTestKit();
        kit.Append(JournalTestKit.Event(1));
        var line = JournalTestKit.Framed(JournalTestKit.Event(2));
        kit.AppendRaw(line[..^1]); // everything but the newline: a write still in flight

        var (first, cursor) = kit.Read(JournalCursor.Start);
        await Assert.That(first).IsEquivalentTo(new[] { JournalTestKit.Event(1) });
        await Assert.That(kit.Source.HasDataAfter(cursor)).IsTrue();

        kit.AppendRaw(line[^1..]);
        var (second, end) = kit.Read(cursor);
        await Assert.That(second).IsEquivalentTo(new[] { JournalTestKit.Event(2) });
        await Assert.That(kit.Read(end).Events).IsEmpty();
        await Assert.That(kit.Corrupt).IsEmpty();
    }

    [Test]
    public async Task A_corrupt_middle_line_is_skipped_and_reported()
    {
        using var kit = new JournalTestKit();
        kit.Append(JournalTestKit.Event(1), JournalTestKit.Event(2), JournalTestKit.Event(3));
        var bytes = File.ReadAllBytes(kit.Files.JournalPath);
        var second = Encoding.UTF8.GetString(bytes).IndexOf("evt_000002", StringComparison.Ordinal);
        bytes[second + 5] = (byte)'9'; // same length, different content: only the checksum can tell
        File.WriteAllBytes(kit.Files.JournalPath, bytes);

        var (events, _) = kit.Read(JournalCursor.Start);

        await Assert.That(events).IsEquivalentTo(new[] { JournalTestKit.Event(1), JournalTestKit.Event(3) });
        await Assert.That(kit.Corrupt.Count).IsEqualTo(1);
        await Assert.That(kit.Corrupt[0]).Contains("checksum mismatch");
    }

    [Test]
    public async Task A_writer_after_a_torn_tail_ends_it_so_its_own_event_survives()
    {
        using var kit = new JournalTestKit();
        kit.Append(JournalTestKit.Event(1));
        kit.AppendRaw(JournalTestKit.Framed(JournalTestKit.Event(2))[..20]); // a writer died mid-line
        kit.Append(JournalTestKit.Event(3));

        var (events, _) = kit.Read(JournalCursor.Start);

        await Assert.That(events).IsEquivalentTo(new[] { JournalTestKit.Event(1), JournalTestKit.Event(3) });
        await Assert.That(kit.Corrupt.Count).IsEqualTo(1);
    }

    [Test]
    public async Task Checksum_is_crc32c()
    {
        await Assert.That(Crc32C.Compute("123456789"u8)).IsEqualTo(0xE3069283u);
        await Assert.That(Crc32C.Compute(""u8)).IsEqualTo(0u);
    }

    [Test]
    public async Task File_locking_by_dotnet_is_off_so_explicit_flocks_do_not_make_opens_throw()
    {
        await Assert.That(AppContext.TryGetSwitch("System.IO.DisableFileLocking", out var off) && off).IsTrue();
    }
}
