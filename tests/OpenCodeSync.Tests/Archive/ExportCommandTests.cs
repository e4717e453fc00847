using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCodeSync.Archive;
using OpenCodeSync.Commands;
using OpenCodeSync.Delivery;
using OpenCodeSync.Hosting;
using OpenCodeSync.Json;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Sync;
using OpenCodeSync.Tests.Support;
using static OpenCodeSync.Tests.Archive.ArchiveKit;

namespace OpenCodeSync.Tests.Archive;

public class ExportCommandTests
{
    [Test]
    public async Task Json_export_parses_back_to_exactly_the_archived_records_and_their_usage()
    {
        using var home = Home();
        var dir = Path.Combine(home.Home, "out");
        var (code, console) = Run(home, c => new ExportCommand(c).Run(all: true, format: "json", @out: dir));

        await Assert.That(code).IsEqualTo(0);
        await Assert.That(console.Stdout).Contains("Exported 5 session(s), 17 message(s), as json");
        using var archive = ArchiveDb.OpenForReading(home.Paths.DataDir)!;
        foreach (var records in AllFixtures.SelectMany(Records))
        {
            var file = Path.Combine(dir, records.Session.ExternalId + ".json");
            var doc = JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsObject();
            // Loaded back through the same contracts, serialized again: byte-equal to what the builder made.
            var session = doc["session"].Deserialize(ContractJson.Default.SessionRecord)!;
            await Assert.That(JsonSerializer.Serialize(session, ContractJson.Default.SessionRecord))
                .IsEqualTo(JsonSerializer.Serialize(records.Session, ContractJson.Default.SessionRecord));
            var messages = doc["messages"]!.AsArray().Select(m => m.Deserialize(ContractJson.Default.MessageRecord)!).ToList();
            await Assert.That(messages.Select(m => JsonSerializer.Serialize(m, ContractJson.Default.MessageRecord)).ToList())
                .IsEquivalentTo(records.Messages.Select(m => JsonSerializer.Serialize(m.Record, ContractJson.Default.MessageRecord)).ToList(),
                    TUnit.Assertions.Enums.CollectionOrdering.Matching);
            // …and the archive's own copy, character for character.
            var stored = archive.Load(records.Session.ExternalId, configured: false)!;
            await Assert.That(doc["session"]!.ToJsonString()).IsEqualTo(JsonNode.Parse(stored.RecordJson)!.ToJsonString());
            var usage = doc["usage"]!.AsArray();
            for (var i = 0; i < records.Messages.Count; i++)
            {
                var expected = TokenUsage.Of(records.Messages[i].Snapshot.Info);
                await Assert.That(usage[i]!["id"]!.GetValue<string>()).IsEqualTo(records.Messages[i].Record.ExternalId);
                await Assert.That(usage[i]!["input"]!.GetValue<long>()).IsEqualTo(expected.Input);
                await Assert.That(usage[i]!["output"]!.GetValue<long>()).IsEqualTo(expected.Output);
                await Assert.That(usage[i]!["cacheRead"]!.GetValue<long>()).IsEqualTo(expected.CacheRead);
            }
        }
    }

    [Test]
    public async Task Export_of_delivered_sessions_matches_what_the_server_received()
    {
        await using var h = await DeliveryHarness.StartAsync();
        using var home = new TestHome();
        var lines = AllFixtures.SelectMany(Fixtures.TextLines).ToList();
        h.ExpectedFor(lines); // the order messages are compared in
        h.Journal.AppendAll(lines);
        using (var archive = ArchiveDb.Open(home.Paths.DataDir))
        {
            var loop = new DeliveryLoop(h.Db, h.Journal, h.Worker(), new SystemClock(), h.Options, RecordOptions.Default, "key-id") { Archive = archive };
            var result = await loop.RunAsync(LoopMode.Flush, TimeSpan.FromSeconds(60), CancellationToken.None);
            await Assert.That(result.Pending).IsEqualTo(0);
        }
        var dir = Path.Combine(home.Home, "out");
        var (code, _) = Run(home, c => new ExportCommand(c).Run(all: true, format: "jsonl", @out: dir));
        await Assert.That(code).IsEqualTo(0);

        // The exported records in the server's shape (it stores no source, and 0 for absent totals; createdAt is the
        // session's and each message's own time).
        var sb = new System.Text.StringBuilder();
        var rows = File.ReadAllLines(Path.Combine(dir, ExportCommand.JsonlFile)).Select(l => JsonNode.Parse(l)!).ToList();
        foreach (var row in rows.Where(r => r["kind"]!.GetValue<string>() == "session").OrderBy(r => r["record"]!["externalId"]!.GetValue<string>(), StringComparer.Ordinal))
        {
            var s = row["record"].Deserialize(ContractJson.Default.SessionRecord)!;
            sb.AppendLine(CanonicalJson.Of(JsonSerializer.Serialize(s with { PromptTokens = s.PromptTokens ?? 0, CompletionTokens = s.CompletionTokens ?? 0, Cost = s.Cost ?? 0 }, ContractJson.Default.SessionRecord)));
            foreach (var m in rows.Where(r => r["kind"]!.GetValue<string>() == "message" && r["record"]!["sessionExternalId"]!.GetValue<string>() == s.ExternalId))
            {
                var r = m["record"].Deserialize(ContractJson.Default.MessageRecord)!;
                sb.AppendLine(CanonicalJson.Of(JsonSerializer.Serialize(r with { Source = null, Parts = r.Parts ?? [] }, ContractJson.Default.MessageRecord)));
            }
        }
        await Assert.That(sb.ToString()).IsEqualTo(h.Actual());
    }

    [Test]
    public async Task Markdown_export_is_one_readable_file_per_session_with_tool_output_unfolded()
    {
        using var home = Home();
        var dir = Path.Combine(home.Home, "md");
        var (code, _) = Run(home, c => new ExportCommand(c).Run(format: "md", @out: dir, ids: ["dee9fec8", BashSession]));

        await Assert.That(code).IsEqualTo(0);
        await Assert.That(Directory.GetFiles(dir).Select(f => Path.GetFileName(f)!).Order().ToList())
            .IsEquivalentTo([BashSession + ".md", ToolSession + ".md"]);
        var md = await File.ReadAllTextAsync(Path.Combine(dir, ToolSession + ".md"));
        await Assert.That(md).StartsWith("# ");
        await Assert.That(md).Contains("## User");
        await Assert.That(md).Contains("**Tool `write`**");
        await Assert.That(md).Contains("Wrote file successfully.");
        await Assert.That(md).DoesNotContain("\e[");
    }

    [Test]
    public async Task Existing_files_are_not_overwritten_unless_asked_and_then_it_says_so()
    {
        using var home = Home(Fixtures.Tool);
        var dir = Path.Combine(home.Home, "out");
        Directory.CreateDirectory(dir);
        var target = Path.Combine(dir, ToolSession + ".json");
        await File.WriteAllTextAsync(target, "mine");

        var (refused, c1) = Run(home, c => new ExportCommand(c).Run(all: true, format: "json", @out: dir));
        await Assert.That(refused).IsEqualTo(1);
        await Assert.That(c1.Stderr).Contains("already exist");
        await Assert.That(await File.ReadAllTextAsync(target)).IsEqualTo("mine");

        var (replaced, c2) = Run(home, c => new ExportCommand(c).Run(all: true, format: "json", @out: dir, overwrite: true));
        await Assert.That(replaced).IsEqualTo(0);
        await Assert.That(c2.Stdout).Contains("replaced 1 existing file(s)");
        await Assert.That(await File.ReadAllTextAsync(target)).StartsWith("{\"session\":");
    }

    [Test]
    public async Task Options_after_the_ids_are_understood()
    {
        using var home = Home(Fixtures.Tool);
        var dir = Path.Combine(home.Home, "late");
        var (code, _) = Run(home, c => new ExportCommand(c).Run(ids: [ToolSession, "--format", "json", "--out", dir]));

        await Assert.That(code).IsEqualTo(0);
        await Assert.That(File.Exists(Path.Combine(dir, ToolSession + ".json"))).IsTrue();
    }

    [Test]
    [Arguments("--fromat", "unknown option '--fromat'. Did you mean --format?")]
    [Arguments("--frobnicate", "unknown option '--frobnicate'")]
    public async Task A_misspelled_option_after_the_ids_names_the_nearest(string option, string expected)
    {
        using var home = Home(Fixtures.Tool);
        var (code, console) = Run(home, c => new ExportCommand(c).Run(ids: [ToolSession, option, "json", "--out", Path.Combine(home.Home, "x")]));

        await Assert.That(code).IsEqualTo(ExitCodes.Usage);
        await Assert.That(console.Stderr.Trim()).IsEqualTo($"opencode-sync export: {expected}");
    }

    [Test]
    [Arguments("pdf", "out", false, "--format 'pdf' is not one of md, json, jsonl")]
    [Arguments("md", null, true, "--out DIR is required")]
    [Arguments("md", "out", false, "give session ids, or --all")]
    public async Task Bad_arguments_are_one_usage_line(string format, string? outDir, bool all, string message)
    {
        using var home = Home(Fixtures.Tool);
        var (code, console) = Run(home, c => new ExportCommand(c).Run(all: all, format: format, @out: outDir));

        await Assert.That(code).IsEqualTo(64);
        await Assert.That(console.Stderr).Contains(message);
        await Assert.That(console.Stderr.Trim().Split('\n').Length).IsEqualTo(1);
    }
}
