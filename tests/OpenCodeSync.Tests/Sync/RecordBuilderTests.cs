using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCodeSync.Json;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Sync;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Sync;

public class RecordBuilderTests
{
    private static (SessionRecord Session, List<MessageRecord> Messages) Build(IEnumerable<string> lines, RecordOptions? options = null)
    {
        var snap = Folding.Fold(lines).Snapshot(Events.Session);
        return (RecordBuilder.BuildSession(snap), TestRecords.BuildMessages(snap, options).ToList());
    }

    [Test]
    [Arguments(@"C:\Users\me\My Project\", "My Project")]
    [Arguments(@"C:\Users\me\proj", "proj")]
    [Arguments("/home/me/proj/", "proj")]
    [Arguments("/home/me/proj//", "proj")]
    [Arguments("proj", "proj")]
    [Arguments(@"\\server\share\repo", "repo")]
    [Arguments("/", null)]
    [Arguments(@"C:\", null)]
    [Arguments("", null)]
    public async Task Project_name_is_the_last_path_segment_on_any_os(string directory, string? expected)
    {
        await Assert.That(ProjectPaths.ProjectName(directory)).IsEqualTo(expected);
    }

    [Test]
    public async Task Windows_directory_reaches_the_session_record()
    {
        var (session, _) = Build([Events.SessionUpdated(directory: @"D:\work\opencode-sync\")]);
        await Assert.That(session.ProjectPath).IsEqualTo(@"D:\work\opencode-sync\");
        await Assert.That(session.ProjectName).IsEqualTo("opencode-sync");
    }

    [Test]
    public async Task Session_totals_sum_assistant_messages_and_model_falls_back_to_the_latest_reply()
    {
        var (session, messages) = Build([
            Events.SessionUpdated(),
            Events.Assistant("msg_a", created: 1_500, completed: 1_900, modelId: "old-model"),
            Events.Assistant("msg_b", created: 2_500, completed: 3_100, modelId: "new-model"),
        ]);
        await Assert.That(session.PromptTokens).IsEqualTo(2 * (10 + 100 + 7L));
        await Assert.That(session.CompletionTokens).IsEqualTo(2 * (20 + 3L));
        await Assert.That(session.Cost).IsEqualTo(0.5);
        await Assert.That(session.Model).IsEqualTo("new-model");
        await Assert.That(session.Provider).IsEqualTo("p-1");
        await Assert.That(session.DurationMs).IsEqualTo(3_100 - 1_000L);
        await Assert.That(messages[1].DurationMs).IsEqualTo(600L);
        await Assert.That(messages[1].PromptTokens).IsEqualTo(117L);
        await Assert.That(messages[1].CompletionTokens).IsEqualTo(23L);
    }

    [Test]
    public async Task Unknown_values_are_omitted_not_sent_as_null_or_zero()
    {
        var line = Events.Line("message.updated", new JsonObject
        {
            ["sessionID"] = Events.Session,
            ["info"] = new JsonObject { ["id"] = "msg_z", ["sessionID"] = Events.Session, ["role"] = "assistant", ["time"] = new JsonObject { ["created"] = 5 } },
        });
        var (session, messages) = Build([line]);
        var json = JsonSerializer.Serialize(session, ContractJson.Default.SessionRecord) + JsonSerializer.Serialize(messages[0], ContractJson.Default.MessageRecord);
        await Assert.That(json).DoesNotContain("null");
        await Assert.That(json).DoesNotContain("Tokens");
        await Assert.That(json).DoesNotContain("cost");
        await Assert.That(json).DoesNotContain("durationMs");
    }

    [Test]
    public async Task Synthetic_ignored_and_empty_text_stay_out_and_parts_keep_id_order()
    {
        var (_, messages) = Build([
            Events.Assistant("msg_a"),
            Events.Part("msg_a", "prt_3", new JsonObject { ["type"] = "text", ["text"] = "third" }),
            Events.Part("msg_a", "prt_1", new JsonObject { ["type"] = "text", ["text"] = "first" }),
            Events.Part("msg_a", "prt_2", new JsonObject { ["type"] = "text", ["text"] = "injected", ["synthetic"] = true }),
            Events.Part("msg_a", "prt_4", new JsonObject { ["type"] = "text", ["text"] = "skip me", ["ignored"] = true }),
            Events.Part("msg_a", "prt_5", new JsonObject { ["type"] = "text", ["text"] = "" }),
            Events.Part("msg_a", "prt_6", new JsonObject { ["type"] = "step-finish", ["reason"] = "stop" }),
        ]);
        await Assert.That(messages[0].TextContent).IsEqualTo("first\n\nthird");
        await Assert.That(string.Join("|", messages[0].Parts!.Select(p => p.Content.GetValue<string>()))).IsEqualTo("first|third");
    }

    [Test]
    public async Task Inline_data_urls_are_never_sent()
    {
        var data = "data:image/png;base64," + Convert.ToBase64String(new byte[3000]);
        var (_, messages) = Build([
            Events.Assistant("msg_a"),
            Events.Part("msg_a", "prt_1", new JsonObject { ["type"] = "file", ["mime"] = "image/png", ["filename"] = "shot.png", ["url"] = data }),
            Events.Part("msg_a", "prt_2", new JsonObject { ["type"] = "file", ["mime"] = "text/plain", ["filename"] = "a.txt", ["url"] = "file:///tmp/a.txt" }),
        ]);
        var json = JsonSerializer.Serialize(messages[0], ContractJson.Default.MessageRecord);
        await Assert.That(json).DoesNotContain("data:");
        await Assert.That(json).DoesNotContain("AAAA");
        var files = messages[0].Parts!.Where(p => p.Type == "file").Select(p => p.Content.AsObject()).ToList();
        await Assert.That((string?)files[0]["filename"]).IsEqualTo("shot.png");
        await Assert.That(files[0].ContainsKey("url")).IsFalse();
        await Assert.That((string?)files[1]["url"]).IsEqualTo("file:///tmp/a.txt");

        var (_, without) = Build([Events.Assistant("msg_a"), Events.Part("msg_a", "prt_2", new JsonObject { ["type"] = "file", ["url"] = "file:///a" })],
            new RecordOptions { IncludeFiles = false });
        await Assert.That(without[0].Parts!.Count).IsEqualTo(0);
    }

    [Test]
    public async Task Tool_error_and_hidden_output()
    {
        var failed = new JsonObject { ["status"] = "error", ["input"] = new JsonObject { ["command"] = "ls" }, ["error"] = "boom" };
        var done = new JsonObject { ["status"] = "completed", ["input"] = new JsonObject(), ["output"] = "secret output", ["title"] = "t" };
        string[] lines = [Events.Assistant("msg_a"), Events.Tool("msg_a", "prt_1", failed), Events.Tool("msg_a", "prt_2", done)];

        var (_, messages) = Build(lines);
        var results = messages[0].Parts!.Where(p => p.Type == "tool-result").Select(p => p.Content.AsObject()).ToList();
        await Assert.That((string?)results[0]["status"]).IsEqualTo("error");
        await Assert.That((string?)results[0]["error"]).IsEqualTo("boom");
        await Assert.That((string?)results[1]["result"]).IsEqualTo("secret output");

        var (_, hidden) = Build(lines, new RecordOptions { IncludeToolOutput = false });
        var json = JsonSerializer.Serialize(hidden[0], ContractJson.Default.MessageRecord);
        await Assert.That(json).DoesNotContain("secret output");
        await Assert.That(json).Contains("boom");
    }

    [Test]
    public async Task Removed_messages_and_parts_disappear_whatever_the_order()
    {
        string[] lines =
        [
            Events.Assistant("msg_a"), Events.Assistant("msg_b", created: 1_600),
            Events.Part("msg_a", "prt_1", new JsonObject { ["type"] = "text", ["text"] = "keep" }),
            Events.Part("msg_a", "prt_2", new JsonObject { ["type"] = "text", ["text"] = "drop" }),
            Events.Line("message.part.removed", new JsonObject { ["sessionID"] = Events.Session, ["messageID"] = "msg_a", ["partID"] = "prt_2" }),
            Events.Line("message.removed", new JsonObject { ["sessionID"] = Events.Session, ["messageID"] = "msg_b" }),
        ];
        foreach (var order in new[] { lines, lines.Reverse().ToArray() })
        {
            var (_, messages) = Build(order);
            await Assert.That(string.Join("|", messages.Select(m => m.ExternalId))).IsEqualTo("msg_a");
            await Assert.That(messages[0].TextContent).IsEqualTo("keep");
        }
    }

    [Test]
    public async Task Fingerprint_changes_with_content_and_only_with_content()
    {
        string[] lines = [Events.Assistant("msg_a"), Events.Part("msg_a", "prt_1", new JsonObject { ["type"] = "text", ["text"] = "v1" })];
        var a = RecordFingerprint.Of(Build(lines).Messages[0]);
        var again = RecordFingerprint.Of(Build(lines).Messages[0]);
        var changed = RecordFingerprint.Of(Build([.. lines, Events.Part("msg_a", "prt_1", new JsonObject { ["type"] = "text", ["text"] = "v1 and more" })]).Messages[0]);
        await Assert.That(again).IsEqualTo(a);
        await Assert.That(changed).IsNotEqualTo(a);
        await Assert.That(a.Length).IsEqualTo(32);
    }

    [Test]
    public async Task A_built_message_serializes_once_to_the_bytes_its_fingerprint_and_the_outbox_use()
    {
        string[] lines = [Events.Assistant("msg_a"), Events.Part("msg_a", "prt_1", new JsonObject { ["type"] = "text", ["text"] = "héllo \"quoted\" ✓" })];
        var built = SessionRecords.Build(Folding.Fold(lines).Snapshot(Events.Session)).Messages[0];

        await Assert.That(built.Fingerprint).IsEqualTo(RecordFingerprint.Of(built.Record));
        await Assert.That(built.Json).IsEqualTo(JsonSerializer.Serialize(built.Record, ContractJson.Default.MessageRecord));
    }
}
