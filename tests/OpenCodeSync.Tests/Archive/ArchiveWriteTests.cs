using System.Text.Json;
using OpenCodeSync.Archive;
using OpenCodeSync.Delivery;
using OpenCodeSync.Json;
using OpenCodeSync.Sync;
using OpenCodeSync.Tests.Support;
using OpenCodeSync.OpenSync;

namespace OpenCodeSync.Tests.Archive;

public class ArchiveWriteTests
{
    private static readonly string[] AllFixtures = [Fixtures.Simple, Fixtures.Tool, Fixtures.Reason, Fixtures.Multi, Fixtures.Bash];

    [Test]
    public async Task Delivery_without_login_archives_every_fixture_session_as_the_records_it_would_send()
    {
        await using var h = await DeliveryHarness.StartAsync();
        using var data = new TempDir();
        var lines = AllFixtures.SelectMany(Fixtures.TextLines).ToList();
        h.Journal.AppendAll(lines);
        using (var archive = ArchiveDb.Open(data.Path))
        {
            var loop = new DeliveryLoop(h.Db, h.Journal, worker: null, new Hosting.SystemClock(), h.Options, RecordOptions.Default) { Archive = archive };
            await loop.RunAsync(LoopMode.Deliver, TimeSpan.FromSeconds(30), CancellationToken.None);
        }

        var fold = Folding.Fold(lines);
        using var file = new ArchiveFile(ArchiveDb.PathIn(data.Path));
        var expectedSessions = fold.Store.SessionIds.Order(StringComparer.Ordinal).ToList();
        await Assert.That(file.Column("SELECT id FROM sessions ORDER BY id")).IsEquivalentTo(expectedSessions);
        foreach (var id in expectedSessions)
        {
            var built = SessionRecords.Build(fold.Snapshot(id));
            await Assert.That(file.Column("SELECT record FROM sessions WHERE id = ?1", id).Single())
                .IsEqualTo(JsonSerializer.Serialize(built.Session, ContractJson.Default.SessionRecord));
            await Assert.That(file.Column("SELECT record FROM messages WHERE session_id = ?1 ORDER BY ord", id))
                .IsEquivalentTo(built.Messages.Select(m => JsonSerializer.Serialize(m.Record, ContractJson.Default.MessageRecord)).ToList());
        }
        // Nothing was sent, and everything stays queued for a later login.
        await Assert.That(h.Server.Sessions).IsEmpty();
        await Assert.That(h.Db.PendingCount()).IsGreaterThan(0);
    }

    [Test]
    public async Task Token_columns_keep_the_cache_share_that_the_backend_sums_away()
    {
        using var data = new TempDir();
        var fold = Folding.Fold(Fixtures.TextLines(Fixtures.Tool));
        var id = fold.Store.SessionIds.Single();
        using (var archive = ArchiveDb.Open(data.Path))
            archive.Save(SessionRecords.Build(fold.Snapshot(id)));

        // Independent of TokenUsage: the last info of each assistant message in the raw events.
        long input = 0, cacheRead = 0, cacheWrite = 0, output = 0;
        foreach (var info in LastAssistantInfos(Fixtures.TextLines(Fixtures.Tool)))
        {
            var t = info.GetProperty("tokens");
            input += t.GetProperty("input").GetInt64();
            output += t.GetProperty("output").GetInt64() + t.GetProperty("reasoning").GetInt64();
            cacheRead += t.GetProperty("cache").GetProperty("read").GetInt64();
            cacheWrite += t.GetProperty("cache").GetProperty("write").GetInt64();
        }
        using var file = new ArchiveFile(ArchiveDb.PathIn(data.Path));
        var row = file.Column("SELECT prompt_tokens || ' ' || completion_tokens || ' ' || cache_read || ' ' || cache_write FROM sessions").Single();
        await Assert.That(row).IsEqualTo($"{input + cacheRead + cacheWrite} {output} {cacheRead} {cacheWrite}");
        await Assert.That(input + output).IsGreaterThan(0);
    }

    [Test]
    public async Task A_word_only_in_a_tool_output_is_indexed_and_a_changed_or_removed_message_is_reindexed()
    {
        using var data = new TempDir();
        var lines = Fixtures.TextLines(Fixtures.Tool).ToList();
        var fold = Folding.Fold(lines);
        var id = fold.Store.SessionIds.Single();
        var built = SessionRecords.Build(fold.Snapshot(id));
        using var archive = ArchiveDb.Open(data.Path);
        archive.Save(built);
        using var file = new ArchiveFile(archive.Path);

        var toolMessage = built.Messages.First(m => m.Record.Parts!.Any(p => p.Type == "tool-result"));
        var word = OutputOnlyWord(built);
        await Assert.That(file.Search(word)).IsEquivalentTo(new[] { toolMessage.Record.ExternalId });

        // The same message with other text: the old words are gone from the index, the new ones found.
        var first = built.Messages[0];
        var changed = built with { Messages = [first with { Record = first.Record with { TextContent = "zanzibar", Parts = [] } }, .. built.Messages.Skip(1)] };
        archive.Save(changed);
        await Assert.That(file.Search("zanzibar")).IsEquivalentTo(new[] { first.Record.ExternalId });

        // Dropped from OpenCode (e.g. a revert): dropped from the archive and its index.
        archive.Save(built with { Messages = [.. built.Messages.Where(m => m != toolMessage)] });
        await Assert.That(file.Search(word)).IsEmpty();
        await Assert.That(file.Count("SELECT COUNT(*) FROM messages")).IsEqualTo(built.Messages.Count - 1);
        await Assert.That(file.Count("SELECT COUNT(*) FROM message_text")).IsEqualTo(built.Messages.Count - 1);
    }

    [Test]
    public async Task An_archive_from_a_newer_version_is_never_written_and_delivery_still_sends()
    {
        await using var h = await DeliveryHarness.StartAsync();
        using var data = new TempDir();
        using (ArchiveDb.Open(data.Path))
        {
        }
        using (var file = new ArchiveFile(ArchiveDb.PathIn(data.Path)))
            file.Exec("PRAGMA user_version = 99");

        using var archive = ArchiveDb.Open(data.Path);
        var fold = Folding.Fold(Fixtures.TextLines(Fixtures.Simple));
        var records = SessionRecords.Build(fold.Snapshot(fold.Store.SessionIds.Single()));
        await Assert.That(archive.IsNewer).IsTrue();
        await Assert.That(archive.WriteProblem).Contains("newer opencode-sync");
        await Assert.That(() => archive.Save(records)).Throws<ArchiveException>();

        h.Journal.AppendAll(Fixtures.TextLines(Fixtures.Simple));
        var loop = new DeliveryLoop(h.Db, h.Journal, h.Worker(), new Hosting.SystemClock(), h.Options, RecordOptions.Default) { Archive = archive };
        var result = await loop.RunAsync(LoopMode.Flush, TimeSpan.FromSeconds(30), CancellationToken.None);
        await Assert.That(result.Pending).IsEqualTo(0);
        await Assert.That(h.Server.Sessions.Count).IsEqualTo(1);
        using var check = new ArchiveFile(archive.Path);
        await Assert.That(check.Count("SELECT COUNT(*) FROM sessions")).IsEqualTo(0);
    }

    [Test]
    public async Task The_archive_is_private_to_the_user()
    {
        using var data = new TempDir();
        var dir = data["share/opencode-sync"];
        using var archive = ArchiveDb.Open(dir);

        await Assert.That(File.GetUnixFileMode(archive.Path)).IsEqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await Assert.That(File.GetUnixFileMode(dir)).IsEqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>A word of the write tool's output that appears nowhere else in the session's records.</summary>
    private static string OutputOnlyWord(SessionRecords built)
    {
        var result = built.Messages.SelectMany(m => m.Record.Parts!).First(p => p.Type == "tool-result").Content["result"]!.GetValue<string>();
        var elsewhere = string.Join("\n", built.Messages.SelectMany(m => m.Record.Parts!.Where(p => p.Type != "tool-result").Select(p => p.Content.ToJsonString()))
            .Concat(built.Messages.Select(m => m.Record.TextContent ?? "")));
        return result.Split([' ', '\n', '\t', '/', '.', '-', ':'], StringSplitOptions.RemoveEmptyEntries)
            .First(w => w.Length >= 4 && w.All(char.IsAsciiLetter) && !elsewhere.Contains(w, StringComparison.OrdinalIgnoreCase));
    }

    private static IEnumerable<JsonElement> LastAssistantInfos(IEnumerable<string> lines)
    {
        var last = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.GetProperty("type").GetString() != "message.updated")
                continue;
            var info = doc.RootElement.GetProperty("properties").GetProperty("info");
            if (info.GetProperty("role").GetString() == "assistant")
                last[info.GetProperty("id").GetString()!] = info.Clone();
        }
        return last.Values;
    }
}
