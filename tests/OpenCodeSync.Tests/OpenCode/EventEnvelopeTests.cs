using System.Text;
using System.Text.Json.Nodes;
using OpenCodeSync.OpenCode;
using OpenCodeSync.Sync;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.OpenCode;

public class EventEnvelopeTests
{
    [Test]
    [Arguments("", "empty")]
    [Arguments("   ", "empty")]
    [Arguments("not json", "not JSON")]
    [Arguments("{\"type\":\"session.upd", "not JSON")]
    [Arguments("[1,2]", "Array")]
    [Arguments("\"session.idle\"", "String")]
    [Arguments("{\"id\":\"evt_1\"}", "no string \"type\"")]
    [Arguments("{\"type\":5}", "no string \"type\"")]
    [Arguments("{\"type\":\"session.idle\",\"properties\":[]}", "not an object")]
    [Arguments("{\"type\":\"session.idle\"} trailing", "not JSON")]
    public async Task Garbage_gives_a_reason_not_an_exception(string line, string reasonContains)
    {
        var ok = EventEnvelope.TryParse(Encoding.UTF8.GetBytes(line), out var envelope, out var error);
        await Assert.That(ok).IsFalse();
        await Assert.That(envelope).IsNull();
        await Assert.That(error!).Contains(reasonContains);
    }

    [Test]
    [Arguments("{\"type\":\"message.updated\"}", "no info.id")]
    [Arguments("{\"type\":\"message.updated\",\"properties\":{\"info\":{\"role\":\"user\"}}}", "no info.id")]
    [Arguments("{\"type\":\"message.updated\",\"properties\":{\"info\":{\"id\":\"msg_1\",\"role\":\"user\"}}}", "no session id")]
    [Arguments("{\"type\":\"message.part.updated\",\"properties\":{\"part\":{\"id\":\"prt_1\",\"sessionID\":\"ses_1\"}}}", "no part.messageID")]
    [Arguments("{\"type\":\"message.part.removed\",\"properties\":{\"sessionID\":\"ses_1\"}}", "no partID")]
    [Arguments("{\"type\":\"session.updated\",\"properties\":{\"info\":\"x\"}}", "no info.id")]
    [Arguments("{\"type\":\"session.idle\",\"properties\":{}}", "no sessionID")]
    public async Task Relevant_events_missing_their_entity_are_errors(string line, string reasonContains)
    {
        var fold = new SessionFold();
        var step = fold.Apply(Encoding.UTF8.GetBytes(line));
        await Assert.That(step.Result).IsEqualTo(FoldResult.Error);
        await Assert.That(step.Error!).Contains(reasonContains);
        await Assert.That(fold.Store.Count).IsEqualTo(0);
    }

    [Test]
    public async Task Garbage_lines_between_real_events_change_no_record()
    {
        var lines = Fixtures.TextLines(Fixtures.Tool);
        string[] garbage = ["", "{", "null", "{\"type\":\"message.updated\",\"properties\":{\"info\":{}}}", "\u0000\u0001", "{\"type\":\"session.idle\"}"];
        var mixed = lines.SelectMany((l, i) => new[] { l, garbage[i % garbage.Length] }).ToList();

        var fold = new SessionFold();
        var errors = mixed.Select(l => fold.Apply(Encoding.UTF8.GetBytes(l))).Count(s => s.Result == FoldResult.Error);
        await Assert.That(errors).IsEqualTo(lines.Count);
        await Assert.That(Folding.Render(fold)).IsEqualTo(Folding.Render(Folding.Fold(lines)));
    }

    [Test]
    public async Task Older_shape_without_event_id_or_session_id_gives_the_same_records()
    {
        var lines = Fixtures.TextLines(Fixtures.Tool);
        var stripped = lines.Select(l =>
        {
            var e = JsonNode.Parse(l)!.AsObject();
            e.Remove("id");
            (e["properties"] as JsonObject)?.Remove("sessionID");
            return e.ToJsonString();
        }).ToList();
        await Assert.That(stripped.Any(l => l.Contains("\"sessionID\":\"ses_dee9fec80ffeSS5igeCPRa12Lm\",\"info\""))).IsFalse();

        var old = Folding.Render(Folding.Fold(stripped));
        await Assert.That(old).IsEqualTo(Folding.Render(Folding.Fold(lines)));
        // And order independence holds for the older shape too.
        await Assert.That(Folding.Render(Folding.Fold(Folding.Shuffled(stripped, 7)))).IsEqualTo(old);
    }

    [Test]
    public async Task Session_id_comes_from_the_entity_when_the_event_lacks_it()
    {
        string[] lines =
        [
            """{"type":"session.updated","properties":{"info":{"id":"ses_A","title":"t","directory":"/x","time":{"created":1,"updated":2}}}}""",
            """{"type":"message.updated","properties":{"info":{"id":"msg_B","sessionID":"ses_A","role":"user","time":{"created":3}}}}""",
            """{"type":"message.part.updated","properties":{"part":{"id":"prt_C","sessionID":"ses_A","messageID":"msg_B","type":"text","text":"hi"},"delta":"hi"}}""",
        ];
        var sessions = lines.Select(l => EventEnvelope.TryParse(Encoding.UTF8.GetBytes(l), out var e, out _) ? e.SessionId : "parse failed").ToList();
        await Assert.That(string.Join("|", sessions)).IsEqualTo("ses_A|ses_A|ses_A");
        var fold = Folding.Fold(lines);
        var message = Sync_records(fold).Single();
        await Assert.That(message).IsEqualTo("hi");
    }

    private static IEnumerable<string?> Sync_records(SessionFold fold)
    {
        var snap = fold.Snapshot("ses_A");
        return TestRecords.BuildMessages(snap).Select(m => m.TextContent);
    }
}
