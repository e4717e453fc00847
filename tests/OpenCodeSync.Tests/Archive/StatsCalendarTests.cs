using System.Text.Json;
using OpenCodeSync.Archive;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Sync;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Archive;

/// <summary>Calendar groups in a zone whose offset is not whole hours, at a local midnight and a Sunday/Monday edge.</summary>
public class StatsCalendarTests
{
    private static readonly TimeZoneInfo Kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"); // UTC+5:30

    private static BuiltMessage Message(string session, int index, DateTimeOffset at, int input)
    {
        var ms = at.ToUnixTimeMilliseconds();
        using var info = JsonDocument.Parse($$$"""{"role":"assistant","cost":0.5,"tokens":{"input":{{{input}}},"output":1,"reasoning":0,"cache":{"read":0,"write":0}},"time":{"created":{{{ms}}}}}""");
        var id = $"msg_{session}_{index}";
        return new BuiltMessage(index, new MessageSnapshot(id, info.RootElement.Clone(), []),
            new MessageRecord { SessionExternalId = session, ExternalId = id, Role = "assistant", CreatedAt = ms, Parts = [] });
    }

    [Test]
    [Arguments(StatsBy.Day, "2026-03-01=1:100", "2026-03-02=2:30")]
    [Arguments(StatsBy.Week, "2026-02-23=1:100", "2026-03-02=2:30")]
    [Arguments(StatsBy.Month, "2026-03=2:130")]
    public async Task Messages_fall_on_their_local_day_week_and_month(StatsBy by, string first, string? second = null)
    {
        using var dir = new TempDir();
        using var archive = ArchiveDb.Open(dir.Path);
        // 18:20Z is 23:50 on Sunday 1 March in Kolkata; 18:35Z is 00:05 on Monday 2 March.
        archive.Save(new SessionRecords(new SessionRecord { ExternalId = "ses_a" }, [
            Message("ses_a", 0, new DateTimeOffset(2026, 3, 1, 18, 20, 0, TimeSpan.Zero), 100),
            Message("ses_a", 1, new DateTimeOffset(2026, 3, 1, 18, 35, 0, TimeSpan.Zero), 10)]));
        archive.Save(new SessionRecords(new SessionRecord { ExternalId = "ses_b" }, [
            Message("ses_b", 0, new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero), 20)]));

        var rows = archive.Stats(by, new SessionFilter(), Kolkata);

        // key=sessions:input tokens, derived by hand from the instants above.
        string[] expected = second is null ? [first] : [first, second];
        await Assert.That(rows.Select(r => $"{r.Key}={r.Sessions}:{r.Input}").ToList())
            .IsEquivalentTo(expected, TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(rows.Sum(r => r.Messages)).IsEqualTo(3);
    }
}
