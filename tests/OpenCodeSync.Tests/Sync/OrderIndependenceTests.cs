using OpenCodeSync.Sync;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Sync;

public class OrderIndependenceTests
{
    public static IEnumerable<string> AllFixtures() =>
        [Fixtures.Simple, Fixtures.Tool, Fixtures.Reason, Fixtures.Multi, Fixtures.Bash];

    [Test]
    [MethodDataSource(nameof(AllFixtures))]
    public async Task Any_arrival_order_gives_the_same_records(string fixture)
    {
        var lines = Fixtures.Lines(fixture);
        var inOrder = Folding.Render(Folding.Fold(lines));
        await Assert.That(inOrder).Contains("\"externalId\"");

        await Assert.That(Folding.Render(Folding.Fold(lines.Reverse()))).IsEqualTo(inOrder);
        for (var seed = 1; seed <= 40; seed++)
            await Assert.That(Folding.Render(Folding.Fold(Folding.Shuffled(lines, seed)))).IsEqualTo(inOrder);
    }

    [Test]
    [MethodDataSource(nameof(AllFixtures))]
    public async Task Replayed_events_change_nothing(string fixture)
    {
        var lines = Fixtures.Lines(fixture);
        var fold = Folding.Fold(lines);
        var before = Folding.Render(fold);
        var changed = lines.Select(l => fold.Apply(l).Result).Count(r => r == FoldResult.Changed);
        await Assert.That(changed).IsEqualTo(0);
        await Assert.That(Folding.Render(fold)).IsEqualTo(before);
    }

    [Test]
    public async Task Snapshot_rebuilt_from_stored_rows_equals_the_live_one()
    {
        // What a persistent store keeps per row: kind, ids, the rank as its text key, the JSON.
        var fold = Folding.Fold(Fixtures.Lines(Fixtures.Multi));
        var id = fold.Store.SessionIds.Single();
        var rows = fold.Store.EntitiesOf(id)
            .Select(e => (e.Kind, e.EntityId, e.SessionId, e.MessageId, Rank: e.Rank.ToKey(), e.Json)).ToList();
        var rebuilt = rows.Select(r =>
        {
            var ok = EntityRank.TryParseKey(r.Rank, out var rank);
            return ok ? new EntityUpdate(r.Kind, r.EntityId, r.SessionId, r.MessageId, rank, r.Json) : null;
        }).ToList();
        await Assert.That(rebuilt.All(r => r is not null)).IsTrue();

        var expected = Folding.Render(fold);
        var fromRows = new SessionFold();
        foreach (var r in rebuilt)
            fromRows.Store.Apply(r!);
        await Assert.That(Folding.Render(fromRows)).IsEqualTo(expected);
    }
}
