using OpenCodeSync.Sync;

namespace OpenCodeSync.Tests.Sync;

public class EntityRankTests
{
    [Test]
    public async Task Text_key_orders_exactly_like_the_tuple()
    {
        var rng = new Random(42);
        long Pick() => rng.Next(4) switch { 0 => 0, 1 => rng.Next(1, 300), 2 => rng.NextInt64(), _ => long.MaxValue };
        var ranks = Enumerable.Range(0, 400)
            .Select(_ => new EntityRank(Pick(), Pick(), Pick(), Pick(), (ulong)rng.NextInt64() * 2)).ToList();
        var mismatches = 0;
        foreach (var a in ranks)
        {
            foreach (var b in ranks.Take(40))
            {
                if (Math.Sign(a.CompareTo(b)) != Math.Sign(string.CompareOrdinal(a.ToKey(), b.ToKey())))
                    mismatches++;
            }
        }
        await Assert.That(mismatches).IsEqualTo(0);
    }

    [Test]
    public async Task Key_round_trips_and_rejects_junk()
    {
        var rank = new EntityRank(1795587840598, 1, 125, 480, 0xdeadbeefcafef00dUL);
        await Assert.That(rank.ToKey().Length).IsEqualTo(EntityRank.KeyLength);
        await Assert.That(EntityRank.TryParseKey(rank.ToKey(), out var back)).IsTrue();
        await Assert.That(back).IsEqualTo(rank);
        await Assert.That(EntityRank.TryParseKey("zz" + rank.ToKey()[2..], out _)).IsFalse();
        await Assert.That(EntityRank.TryParseKey(rank.ToKey()[1..], out _)).IsFalse();
        await Assert.That(EntityRank.TryParseKey("f" + rank.ToKey()[1..], out _)).IsFalse();   // negative part
    }

    [Test]
    public async Task Tombstone_beats_any_live_version_and_negatives_are_clamped()
    {
        var live = EntityRank.Of(long.MaxValue - 1, long.MaxValue, 5, 5, ulong.MaxValue);
        await Assert.That(EntityRank.Removed(0) > live).IsTrue();
        await Assert.That(EntityRank.Of(-5, -1, -1, -1, 0).ToKey()).IsEqualTo(new string('0', 80));
    }

    [Test]
    public async Task Equal_ranks_with_different_json_still_pick_one_winner_either_way()
    {
        var rank = new EntityRank(1, 1, 1, 1, 7);
        var a = new EntityUpdate(EntityKind.Part, "p", "s", "m", rank, "{\"a\":1}");
        var b = a with { Json = "{\"a\":2}" };
        await Assert.That(a.Beats(b) ^ b.Beats(a)).IsTrue();
        await Assert.That(a.Beats(a)).IsFalse();
    }
}
