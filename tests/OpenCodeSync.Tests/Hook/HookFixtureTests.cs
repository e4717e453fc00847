using OpenCodeSync.OpenCode;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Hook;

public class HookFixtureTests
{
    [Test]
    [Arguments(Fixtures.Simple)]
    [Arguments(Fixtures.Tool)]
    [Arguments(Fixtures.Reason)]
    [Arguments(Fixtures.Multi)]
    [Arguments(Fixtures.Bash)]
    public async Task One_process_per_event_journals_exactly_the_relevant_events_in_order(string fixture)
    {
        using var run = new HookRun();
        var lines = Fixtures.TextLines(fixture);
        foreach (var line in lines)
        {
            var r = await run.Hook(line + "\n");
            await Assert.That(r.ExitCode).IsEqualTo(0);
            await Assert.That(r.All).IsEqualTo("");
        }

        var expected = lines.Where(l => EventTypes.IsRelevant(System.Text.Encoding.UTF8.GetBytes(l))).ToList();
        var corrupt = new List<string>();
        await Assert.That(run.JournalEvents(corrupt)).IsEquivalentTo(expected, TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(corrupt).IsEmpty();
        await Assert.That(expected.Count).IsLessThan(lines.Count);
        await Assert.That(run.LogLines()).IsEmpty();
    }

    [Test]
    public async Task A_whole_stream_on_one_stdin_is_journalled_in_one_call()
    {
        using var run = new HookRun();
        var lines = Fixtures.TextLines(Fixtures.Tool);

        var r = await run.Hook(string.Join("\n", lines));

        await Assert.That(r.ExitCode).IsEqualTo(0);
        await Assert.That(r.All).IsEqualTo("");
        var expected = lines.Where(l => EventTypes.IsRelevant(System.Text.Encoding.UTF8.GetBytes(l))).ToList();
        await Assert.That(run.JournalEvents()).IsEquivalentTo(expected, TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task A_pretty_printed_event_is_recognised_and_journalled_minified()
    {
        using var run = new HookRun();
        var r = await run.Hook("{\n  \"id\": \"evt_1\",\n  \"type\": \"session.idle\",\n  \"properties\": {\"sessionID\": \"ses_1\"}\n}\n");

        await Assert.That(r.All).IsEqualTo("");
        await Assert.That(run.JournalEvents()).IsEquivalentTo(new[] { """{"id":"evt_1","type":"session.idle","properties":{"sessionID":"ses_1"}}""" });
    }

    [Test]
    public async Task An_irrelevant_event_leaves_no_trace()
    {
        using var run = new HookRun();
        var r = await run.Hook("""{"id":"evt_1","type":"message.part.delta","properties":{"delta":"x"}}""");

        await Assert.That(r.ExitCode).IsEqualTo(0);
        await Assert.That(r.All).IsEqualTo("");
        await Assert.That(run.JournalEvents()).IsEmpty();
        await Assert.That(run.LogLines()).IsEmpty();
    }
}
