using System.Text;
using OpenCodeSync.Journal;

namespace OpenCodeSync.Tests.Hook;

public class HookConcurrencyTests
{
    [Test]
    public async Task Sixteen_concurrent_hooks_record_every_event_exactly_once_without_interleaving()
    {
        const int processes = 16, runsEach = 6, eventsPerRun = 25;
        using var run = new HookRun();
        // Large events make a torn or interleaved write likely to show if the lock did not work.
        var padding = new string('x', 6000);
        string Event(int p, int r, int e) => $$$"""{"id":"evt_{{{p:D2}}}_{{{r:D2}}}_{{{e:D3}}}","type":"session.idle","properties":{"sessionID":"ses_{{{p}}}","pad":"{{{padding}}}"}}""";

        var workers = Enumerable.Range(0, processes).Select(async p =>
        {
            for (var r = 0; r < runsEach; r++)
            {
                var stdin = string.Join("\n", Enumerable.Range(0, eventsPerRun).Select(e => Event(p, r, e)));
                var result = await run.Hook(stdin);
                if (result.ExitCode != 0 || result.All.Length != 0)
                {
                    throw new InvalidOperationException($"hook failed: {result.ExitCode} {result.All}");
                }
            }
        });
        await Task.WhenAll(workers);

        var corrupt = new List<string>();
        var events = run.JournalEvents(corrupt);
        await Assert.That(corrupt).IsEmpty();
        await Assert.That(events.Count).IsEqualTo(processes * runsEach * eventsPerRun);
        await Assert.That(events.Distinct().Count()).IsEqualTo(events.Count);
        // One hook call is one write: its events sit together and in order.
        for (var i = 0; i < events.Count; i += eventsPerRun)
        {
            var batch = events.Skip(i).Take(eventsPerRun).ToList();
            var prefix = batch[0][..17]; // {"id":"evt_PP_RR_
            await Assert.That(batch.Select((e, k) => e.StartsWith(prefix, StringComparison.Ordinal) && e.Contains($"_{k:D3}\"", StringComparison.Ordinal)).All(x => x)).IsTrue();
        }
    }
}
