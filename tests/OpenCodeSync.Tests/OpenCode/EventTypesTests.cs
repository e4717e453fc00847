using System.Diagnostics;
using System.Text;
using OpenCodeSync.OpenCode;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.OpenCode;

public class EventTypesTests
{
    [Test]
    public async Task Byte_check_agrees_with_the_full_parse_on_every_recorded_line()
    {
        var lines = new[] { Fixtures.Simple, Fixtures.Tool, Fixtures.Reason, Fixtures.Multi, Fixtures.Bash }.SelectMany(Fixtures.Lines).ToList();
        var disagreements = lines.Count(l =>
            EventTypes.IsRelevant(l) != (EventEnvelope.TryParse(l, out var e, out _) && EventTypes.IsRelevant(e.Type)));
        await Assert.That(disagreements).IsEqualTo(0);
        await Assert.That(lines.Count(l => EventTypes.IsRelevant(l))).IsGreaterThan(50);
    }

    [Test]
    [Arguments("""{"id":"e","type":"message.part.delta","properties":{"delta":"x"}}""", false)]
    [Arguments("""{"type":"catalog.updated","properties":{}}""", false)]
    [Arguments("""{"type":"todo.updated"}""", false)]
    [Arguments("""{"type":"session.compacted","properties":{"sessionID":"s"}}""", false)]
    [Arguments("""{"properties":{"part":{"type":"text"}},"type":"message.part.updated"}""", true)]
    [Arguments("""{"type":"session.idle"}""", true)]
    [Arguments("""{"type":"message.part.updated_x"}""", false)]
    [Arguments("""{"type":"message.part\u002eupdated"}""", true)]
    [Arguments("not json", false)]
    [Arguments("", false)]
    public async Task Relevance_is_read_from_the_top_level_type_only(string line, bool relevant)
    {
        await Assert.That(EventTypes.IsRelevant(Encoding.UTF8.GetBytes(line))).IsEqualTo(relevant);
    }

    [Test]
    public async Task Nested_type_members_are_not_mistaken_for_the_event_type()
    {
        var line = """{"properties":{"type":"session.idle"},"type":"file.edited"}"""u8.ToArray();
        await Assert.That(EventTypes.IsRelevant(line)).IsFalse();
        await Assert.That(EventTypes.ReadType(line)).IsEqualTo("file.edited");
    }

    [Test]
    public async Task Irrelevant_lines_are_rejected_in_microseconds()
    {
        var deltas = Fixtures.Lines(Fixtures.Multi).Where(l => EventTypes.ReadType(l) == "message.part.delta").ToList();
        await Assert.That(deltas.Count).IsGreaterThan(100);
        for (var i = 0; i < 1000; i++)
            EventTypes.IsRelevant(deltas[i % deltas.Count]);   // warm up
        var sw = Stopwatch.StartNew();
        const int n = 100_000;
        var hits = 0;
        for (var i = 0; i < n; i++)
            hits += EventTypes.IsRelevant(deltas[i % deltas.Count]) ? 1 : 0;
        var perLineMicros = sw.Elapsed.TotalMicroseconds / n;
        await Assert.That(hits).IsEqualTo(0);
        await Assert.That(perLineMicros).IsLessThan(20.0);
    }
}
