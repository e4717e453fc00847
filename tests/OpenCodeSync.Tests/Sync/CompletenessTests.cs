using System.Text.Json.Nodes;
using OpenCodeSync.Sync;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Sync;

public class CompletenessTests
{
    private static bool IsCompletedUpdate(string line) =>
        line.Contains("\"type\":\"message.updated\"") && line.Contains("\"completed\":");

    private static bool IsSettle(string line) =>
        line.Contains("\"type\":\"session.idle\"") || line.Contains("\"status\":{\"type\":\"idle\"}");

    private static Dictionary<string, bool> Completeness(IEnumerable<string> lines)
    {
        var fold = Folding.Fold(lines);
        var snap = fold.Snapshot(fold.Store.SessionIds.Single());
        return snap.Messages.ToDictionary(m => m.Id, m => RecordBuilder.IsComplete(snap, m));
    }

    [Test]
    public async Task Assistant_message_is_incomplete_until_completed_or_settled()
    {
        var lines = Fixtures.TextLines(Fixtures.Tool);
        var withoutEnd = lines.Where(l => !IsCompletedUpdate(l) && !IsSettle(l)).ToList();
        var partial = Completeness(withoutEnd);
        await Assert.That(partial["msg_2116013b6001jOEaYARJYdi2nT"]).IsTrue();    // user: has its text
        await Assert.That(partial["msg_211601678001jPxam06ywBlJZR"]).IsFalse();
        await Assert.That(partial["msg_211601a5b001hpoE3lm60Ofjbn"]).IsFalse();

        // An idle after the messages were created settles them even without time.completed (aborts).
        var settled = Completeness(withoutEnd.Concat(lines.Where(IsSettle)));
        await Assert.That(settled.Values.All(v => v)).IsTrue();
    }

    [Test]
    public async Task An_idle_from_an_earlier_turn_does_not_settle_a_later_reply()
    {
        var lines = Fixtures.TextLines(Fixtures.Multi);
        var lastAssistant = lines.Where(l => l.Contains("\"role\":\"assistant\""))
            .Select(l => (string)JsonNode.Parse(l)!["properties"]!["info"]!["id"]!).Max(StringComparer.Ordinal)!;
        var lastIdle = lines.Where(IsSettle).ToList()[^2..];   // the last turn's status idle + session.idle
        var cut = lines.Where(l => !(IsCompletedUpdate(l) && l.Contains(lastAssistant)) && !lastIdle.Contains(l)).ToList();
        await Assert.That(cut.Count(IsSettle)).IsEqualTo(4);   // the first two turns' idles remain

        var partial = Completeness(cut);
        await Assert.That(partial[lastAssistant]).IsFalse();
        await Assert.That(partial.Count(kv => !kv.Value)).IsEqualTo(1);
        await Assert.That(Completeness(lines)[lastAssistant]).IsTrue();
    }

    [Test]
    public async Task User_message_without_text_yet_is_incomplete()
    {
        var lines = Fixtures.TextLines(Fixtures.Tool).Where(l => !l.Contains("prt_2116013c6001q1NflCjR6oZ4Ei")).ToList();
        await Assert.That(Completeness(lines)["msg_2116013b6001jOEaYARJYdi2nT"]).IsFalse();
    }
}
