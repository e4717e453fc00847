using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenCodeSync.Json;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Sync;
using OpenCodeSync.Limits;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Sync.Limits;

public partial class ConvexLimitsTests
{
    private static MessageRecord BuildOne(params string[] lines)
    {
        var snap = Folding.Fold([Events.Assistant("msg_a"), .. lines]).Snapshot(Events.Session);
        return RecordBuilder.BuildMessage(snap, snap.Messages.Single());
    }

    private static string Serialized(MessageRecord r) => JsonSerializer.Serialize(r, ContractJson.Default.MessageRecord);

    private static int Depth(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => 1 + e.EnumerateObject().Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max(),
        JsonValueKind.Array => 1 + e.EnumerateArray().Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    private static IEnumerable<string> Keys(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Keys(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Keys),
        _ => [],
    };

    [GeneratedRegex(@"…\[truncated (\d+) bytes\]$")]
    private static partial Regex TruncatedBytes();

    [Test]
    public async Task Huge_tool_output_is_cut_to_fit_one_document_and_says_how_much()
    {
        var output = string.Concat(Enumerable.Range(0, 150_000).Select(i => $"line{i % 10:D5}\n"));   // ~1.5 MB
        var message = BuildOne(
            Events.Part("msg_a", "prt_1", new JsonObject { ["type"] = "text", ["text"] = "short text stays whole" }),
            Events.Tool("msg_a", "prt_2", new JsonObject { ["status"] = "completed", ["input"] = new JsonObject { ["command"] = "cat big" }, ["output"] = output, ["title"] = "cat" }));

        var bytes = Encoding.UTF8.GetByteCount(Serialized(message));
        await Assert.That(bytes).IsLessThanOrEqualTo(1 << 20);
        await Assert.That(message.TextContent).IsEqualTo("short text stays whole");

        var result = (string)message.Parts!.Single(p => p.Type == "tool-result").Content["result"]!;
        var match = TruncatedBytes().Match(result);
        await Assert.That(match.Success).IsTrue();
        var kept = result[..match.Index];
        await Assert.That(output.StartsWith(kept, StringComparison.Ordinal)).IsTrue();
        await Assert.That(Encoding.UTF8.GetByteCount(kept) + long.Parse(match.Groups[1].Value)).IsEqualTo((long)Encoding.UTF8.GetByteCount(output));
        await Assert.That(kept.Length).IsGreaterThan(900_000);   // cut to fit, not emptied
    }

    [Test]
    public async Task Several_big_strings_are_cut_largest_first()
    {
        var big = new string('b', 900_000);
        var medium = new string('m', 300_000);
        var record = new MessageRecord
        {
            SessionExternalId = "s", ExternalId = "m", Role = "assistant", TextContent = medium,
            Parts = [new PartRecord("text", JsonValue.Create(medium)), new PartRecord("tool-result", new JsonObject { ["result"] = big })],
        };
        var fitted = ConvexLimits.Fit(record);
        await Assert.That(Encoding.UTF8.GetByteCount(Serialized(fitted))).IsLessThanOrEqualTo(1 << 20);
        await Assert.That(fitted.TextContent).IsEqualTo(medium);   // the biggest absorbed the whole cut
        await Assert.That((string)fitted.Parts![1].Content["result"]!).Contains("…[truncated ");
        await Assert.That((string)record.Parts![1].Content["result"]!).IsEqualTo(big);   // input untouched
    }

    [Test]
    public async Task Nesting_deeper_than_16_is_cut_with_a_marker()
    {
        var args = new JsonObject();
        var cursor = args;
        for (var i = 0; i < 20; i++)
        {
            var next = new JsonObject { ["leaf"] = i };
            cursor["level" + i] = next;
            cursor = next;
        }
        var message = BuildOne(Events.Tool("msg_a", "prt_1", new JsonObject { ["status"] = "running", ["input"] = args }));
        var json = Serialized(message);
        using var doc = JsonDocument.Parse(json);
        await Assert.That(Depth(doc.RootElement)).IsLessThanOrEqualTo(16);
        await Assert.That(json).Contains("nested deeper than 16 levels");
        await Assert.That(json).Contains("level9");
    }

    [Test]
    public async Task Arrays_longer_than_8192_are_cut_with_a_marker()
    {
        var items = new JsonArray(Enumerable.Range(0, 9000).Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());
        var message = BuildOne(Events.Tool("msg_a", "prt_1", new JsonObject { ["status"] = "running", ["input"] = new JsonObject { ["paths"] = items } }));
        var paths = message.Parts![0].Content["args"]!["paths"]!.AsArray();
        await Assert.That(paths.Count).IsEqualTo(8192);
        await Assert.That((int)paths[8190]!).IsEqualTo(8190);
        await Assert.That((string)paths[8191]!).IsEqualTo("…[truncated 809 more items]");
    }

    [Test]
    public async Task Objects_keep_at_most_1024_fields()
    {
        var wide = new JsonObject();
        for (var i = 0; i < 1500; i++)
            wide["k" + i] = i;
        var fitted = ConvexLimits.Fit(new MessageRecord { SessionExternalId = "s", ExternalId = "m", Role = "tool", Parts = [new PartRecord("x", wide)] });
        var content = fitted.Parts![0].Content.AsObject();
        await Assert.That(content.Count).IsEqualTo(1024);
        await Assert.That((string)content["[truncated]"]!).IsEqualTo("…[truncated 477 more fields]");
    }

    [Test]
    public async Task Unsafe_keys_are_rewritten_and_keep_their_values()
    {
        var input = new JsonObject { ["$key"] = 1, ["_id"] = 2, [""] = 3, ["naïve"] = 4, ["ok"] = 5, ["~u0024key"] = 6 };
        var message = BuildOne(Events.Tool("msg_a", "prt_1", new JsonObject { ["status"] = "running", ["input"] = input }));
        using var doc = JsonDocument.Parse(Serialized(message));
        var keys = Keys(doc.RootElement).ToList();
        await Assert.That(keys.Any(k => k.Length == 0 || k[0] is '$' or '_' || k.Any(c => c > '~' || c < ' '))).IsFalse();

        var args = message.Parts![0].Content["args"]!.AsObject();
        var values = args.Select(kv => (int)kv.Value!).Order().ToArray();
        await Assert.That(string.Join(",", values)).IsEqualTo("1,2,3,4,5,6");
        await Assert.That((int)args["~u0024key"]!).IsEqualTo(6);   // an already-safe key keeps its name
        await Assert.That((int)args["ok"]!).IsEqualTo(5);
    }

    [Test]
    public async Task Lone_surrogates_become_replacement_characters()
    {
        // As OpenCode would write them: JSON escapes of unpaired UTF-16 halves.
        var line = Events.Tool("msg_a", "prt_1", new JsonObject { ["status"] = "completed", ["input"] = new JsonObject { ["q"] = "LOW" }, ["output"] = "HIGH", ["title"] = "t" })
            .Replace("HIGH", "a\\ud800b\\ud83d\\ude00c").Replace("LOW", "\\udc00");
        var text = Events.Part("msg_a", "prt_0", new JsonObject { ["type"] = "text", ["text"] = "X" }).Replace("\"X\"", "\"x\\udbff\"");
        var message = BuildOne(line, text);

        var result = (string)message.Parts!.Single(p => p.Type == "tool-result").Content["result"]!;
        await Assert.That(result).IsEqualTo("a\uFFFDb\U0001F600c");
        await Assert.That((string)message.Parts!.Single(p => p.Type == "tool-call").Content["args"]!["q"]!).IsEqualTo("\uFFFD");
        await Assert.That(message.TextContent).IsEqualTo("x\uFFFD");
        await Assert.That(Utf16.ReplaceLoneSurrogates(Serialized(message)) != Serialized(message)).IsFalse();
        await Assert.That(Serialized(message)).DoesNotContain("\\uD800");
    }

    [Test]
    public async Task Lone_surrogates_in_a_record_built_elsewhere_are_fixed_too()
    {
        var fitted = ConvexLimits.Fit(new SessionRecord { ExternalId = "s", Title = "bad \ud800 title" });
        await Assert.That(fitted.Title).IsEqualTo("bad \uFFFD title");
    }
}
