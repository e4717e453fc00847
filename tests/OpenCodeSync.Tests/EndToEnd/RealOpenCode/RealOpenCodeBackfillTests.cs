using System.Text.Json;
using OpenCodeSync.Delivery;
using OpenCodeSync.Json;
using OpenCodeSync.Tests.Support;
using global::OpenSync.ContractServer.Storage;
using Server = OpenSync.ContractServer.ContractServer;
using OpenCodeSync.Sqlite;
using OpenCodeSync.Commands;
using OpenCodeSync.OpenSync;

namespace OpenCodeSync.Tests.EndToEnd.RealOpenCode;

/// <summary>
/// <c>sync</c> on an opencode.db written by the real OpenCode CLI, with our plugin never installed: the history
/// a user has before adopting opencode-sync. The published binary backfills it to the strict local backend; the
/// records are checked against what OpenCode itself stored, and a second run sends nothing.
/// </summary>
[NotInParallel("real-opencode")]
public class RealOpenCodeBackfillTests
{
    private const string Title = "E2E session title";

    /// <summary>`opencode run` quotes a prompt argument that contains spaces before sending it.</summary>
    private static string Sent(string prompt) => $"\"{prompt}\"";

    private sealed record DbSession(string Id, string Title, long Created, List<DbMessage> Messages);

    private sealed record DbMessage(string Id, string Role, long Created);

    /// <summary>What OpenCode stored, read straight from its tables (not through our history reader).</summary>
    private static List<DbSession> ReadOpenCodeDb(string path)
    {
        using var db = SqliteDb.Open(path, readOnly: true);
        var sessions = new List<DbSession>();
        var s = db.Prepare("SELECT id, title, time_created FROM session ORDER BY time_created, id");
        while (s.Step())
            sessions.Add(new DbSession(s.String(0), s.String(1), s.Int64(2), []));
        s.Reset();
        foreach (var session in sessions)
        {
            var m = db.Prepare("SELECT id, data, time_created FROM message WHERE session_id = ?1 ORDER BY id").Bind(1, session.Id);
            while (m.Step())
            {
                using var data = JsonDocument.Parse(m.String(1));
                session.Messages.Add(new DbMessage(m.String(0), data.RootElement.GetProperty("role").GetString()!, m.Int64(2)));
            }
            m.Reset();
        }
        return sessions;
    }

    private static List<StoredMessage> InOrder(Server server, string session) =>
        [.. server.MessagesOf(session).OrderBy(m => m.ExternalId, StringComparer.Ordinal)];

    [Test]
    public async Task History_written_by_real_OpenCode_without_the_plugin_is_backfilled_exactly_once()
    {
        await using var world = await OpenCodeWorld.StartAsync();
        // No login and no setup: OpenCode runs without our plugin, as before a user installs opencode-sync.
        await Assert.That(await File.ReadAllTextAsync(Path.Combine(world.Project, "opencode.json"))).DoesNotContain("opencode-sync");
        var plain = await world.RunAsync("say hello");
        await Assert.That(plain.ExitCode).IsEqualTo(0).Because(plain.Stderr);
        var tool = await world.RunAsync("create the file #write");
        await Assert.That(tool.ExitCode).IsEqualTo(0).Because(tool.Stderr);

        var stateDir = Path.Combine(world.Home, ".local", "state", "opencode-sync");
        await Assert.That(Directory.Exists(stateDir)).IsFalse().Because("nothing of ours ran while OpenCode did");
        var history = ReadOpenCodeDb(Path.Combine(world.Home, ".local", "share", "opencode", "opencode.db"));
        await Assert.That(history.Count).IsEqualTo(2);

        await using var server = await Server.StartAsync();
        var login = await world.SyncWithInputAsync(Server.DefaultApiKey + "\n", "login", "--url", server.BaseAddress.ToString(), "--api-key-stdin");
        await Assert.That(login.ExitCode).IsEqualTo(0).Because(login.All);

        var sync = await world.SyncAsync("sync");

        await Assert.That(sync.ExitCode).IsEqualTo(0).Because(sync.All);
        await Assert.That(sync.Stdout).Contains("2 session(s) synced, 0 skipped, 0 failed.");
        await Assert.That(server.Sessions.Count).IsEqualTo(2);
        await Assert.That(server.AutoCreatedSessions).IsEmpty();
        await Assert.That(server.SkippedUpdates).IsEmpty();
        foreach (var h in history)
        {
            var stored = server.FindSession(h.Id);
            await Assert.That(stored).IsNotNull();
            await Assert.That(stored!.Title).IsEqualTo(Title);
            await Assert.That(h.Title).IsEqualTo(Title);
            await Assert.That(stored.CreatedAt).IsEqualTo(h.Created);
            await Assert.That(stored.Source).IsEqualTo("opencode");
            await Assert.That(stored.Model).IsEqualTo("mock-model");
            await Assert.That(stored.Provider).IsEqualTo("mock");
            await Assert.That(stored.ProjectPath).IsEqualTo(world.Project);
            await Assert.That(stored.MessageCount).IsEqualTo(h.Messages.Count);
            var messages = InOrder(server, h.Id);
            await Assert.That(messages.Select(m => (m.ExternalId, m.Role)))
                .IsEquivalentTo(h.Messages.Select(m => (m.Id, m.Role)), TUnit.Assertions.Enums.CollectionOrdering.Matching);
        }

        // The plain answer: one turn, tokens as the mock reports them (prompt 100, completion 20 + 1 per user turn).
        var first = history[0];
        var m1 = InOrder(server, first.Id);
        await Assert.That(m1.Select(m => m.TextContent ?? "")).IsEquivalentTo(
            [Sent("say hello"), $"Answer: {Sent("say hello")}"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That((m1[1].Model, m1[1].PromptTokens, m1[1].CompletionTokens)).IsEqualTo(("mock-model", 100.0, 21.0));
        await Assert.That((server.FindSession(first.Id)!.PromptTokens, server.FindSession(first.Id)!.CompletionTokens)).IsEqualTo((100.0, 21.0));

        // The tool call: the write's call and result parts, then the final answer; two model calls' tokens in the totals.
        var second = history[1];
        var m2 = InOrder(server, second.Id);
        await Assert.That(m2.Select(m => m.Role)).IsEquivalentTo(["user", "assistant", "assistant"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(m2[0].TextContent).IsEqualTo(Sent("create the file #write"));
        await Assert.That(m2[1].TextContent).IsEqualTo("Writing the file.");
        var call = m2[1].Parts.Single(p => p.Type == "tool-call").Content;
        await Assert.That(call.GetProperty("name").GetString()).IsEqualTo("write");
        await Assert.That(call.GetProperty("args").GetProperty("filePath").GetString()).IsEqualTo(Path.Combine(world.Project, "hello.txt"));
        await Assert.That(call.GetProperty("args").GetProperty("content").GetString()).IsEqualTo("hello from the mock\n");
        var result = m2[1].Parts.Single(p => p.Type == "tool-result").Content;
        await Assert.That(result.GetProperty("name").GetString()).IsEqualTo("write");
        await Assert.That(result.GetProperty("status").GetString()).IsEqualTo("completed");
        await Assert.That(m2[2].TextContent).IsEqualTo("Done: the tool ran.");
        await Assert.That((m2[1].PromptTokens, m2[1].CompletionTokens, m2[2].PromptTokens, m2[2].CompletionTokens)).IsEqualTo((100.0, 21.0, 100.0, 21.0));
        await Assert.That((server.FindSession(second.Id)!.PromptTokens, server.FindSession(second.Id)!.CompletionTokens)).IsEqualTo((200.0, 42.0));

        // Messages carry OpenCode's own creation times (the server keeps its own clock for them, as Convex does,
        // so the records are read from the same builder through --dry-run).
        var dry = await world.SyncAsync("sync", "--dry-run", "--force");
        await Assert.That(dry.ExitCode).IsEqualTo(0).Because(dry.All);
        var exports = dry.Stdout.Split('\n').Where(l => l.StartsWith('{'))
            .Select(l => JsonSerializer.Deserialize(l, ReportJson.Default.SessionExport)!).ToDictionary(e => e.Session.ExternalId);
        foreach (var h in history)
        {
            await Assert.That(exports[h.Id].Session.CreatedAt).IsEqualTo(h.Created);
            await Assert.That(exports[h.Id].Messages.Select(m => (m.ExternalId, m.CreatedAt)))
                .IsEquivalentTo(h.Messages.Select(m => (m.Id, (long?)m.Created)), TUnit.Assertions.Enums.CollectionOrdering.Matching);
        }

        // The backfill also filled the local archive, with the very records that were sent.
        using (var archive = new OpenCodeSync.Tests.Archive.ArchiveFile(Path.Combine(world.Home, ".local", "share", "opencode-sync", "archive.db")))
        {
            foreach (var h in history)
            {
                await Assert.That(archive.Column("SELECT record FROM sessions WHERE id = ?1", h.Id).Single())
                    .IsEqualTo(JsonSerializer.Serialize(exports[h.Id].Session, ContractJson.Default.SessionRecord));
                await Assert.That(archive.Column("SELECT record FROM messages WHERE session_id = ?1 ORDER BY ord", h.Id))
                    .IsEquivalentTo(exports[h.Id].Messages.Select(m => JsonSerializer.Serialize(m, ContractJson.Default.MessageRecord)).ToList(),
                        TUnit.Assertions.Enums.CollectionOrdering.Matching);
            }
            await Assert.That(archive.Search("\"hello from the mock\"").Count).IsEqualTo(1);
        }

        // A second run finds both sessions synced and sends nothing at all.
        var requests = server.Requests.Count;
        var again = await world.SyncAsync("sync", "--json");
        await Assert.That(again.ExitCode).IsEqualTo(0).Because(again.All);
        var report = JsonSerializer.Deserialize(again.Stdout.Trim(), ReportJson.Default.SyncReport)!;
        await Assert.That((report.Synced, report.Skipped, report.Failed)).IsEqualTo((0, 2, 0));
        await Assert.That(server.Requests.Count).IsEqualTo(requests);
        await Assert.That(again.Stderr).IsEmpty();
    }
}
