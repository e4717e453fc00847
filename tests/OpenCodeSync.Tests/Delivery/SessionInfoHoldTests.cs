using OpenCodeSync.Commands;
using OpenCodeSync.Delivery;
using OpenCodeSync.Hosting;
using OpenCodeSync.Sync;
using OpenCodeSync.Tests.Support;
using OpenCodeSync.State;

namespace OpenCodeSync.Tests.Delivery;

/// <summary>
/// Messages that arrive before their session's info: held, never sent ahead of the session (the backend would
/// create it with createdAt = the delivery time), and after the wait the session is created from them.
/// </summary>
public class SessionInfoHoldTests
{
    private static readonly string[] Stream = [.. Fixtures.TextLines(Fixtures.Tool)];

    private static bool IsSessionInfo(string line) =>
        line.Contains("\"type\":\"session.created\"", StringComparison.Ordinal) || line.Contains("\"type\":\"session.updated\"", StringComparison.Ordinal);

    private static string[] WithoutSessionInfo => [.. Stream.Where(l => !IsSessionInfo(l))];

    [Test]
    public async Task Held_messages_go_after_the_session_once_its_info_arrives_with_its_own_createdAt()
    {
        await using var h = await DeliveryHarness.StartAsync(DeliveryHarness.FastOptions with { SessionInfoWait = TimeSpan.FromMinutes(5) });
        var notes = new List<string>();
        var loop = new DeliveryLoop(h.Db, h.Journal, h.Worker(), new SystemClock(), h.Options, RecordOptions.Default) { OnNote = notes.Add };
        h.Journal.AppendAll(WithoutSessionInfo);

        loop.FoldAndPlan();
        var sent = await h.Worker().SendDueAsync(CancellationToken.None);

        await Assert.That(sent.Sent).IsEqualTo(0);
        await Assert.That(h.Server.Requests).IsEmpty();
        await Assert.That(h.Db.HeldSessionCount(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())).IsEqualTo(1);
        await Assert.That(notes).Count().IsEqualTo(1);
        await Assert.That(notes[0]).Contains("arrived before its session info");

        var expected = h.ExpectedFor(Stream);
        h.Journal.AppendAll(Stream.Where(IsSessionInfo));
        var result = await loop.RunAsync(LoopMode.Flush, TimeSpan.FromSeconds(60), CancellationToken.None);

        await Assert.That(result.Pending).IsEqualTo(0);
        await Assert.That(h.Server.AutoCreatedSessions).IsEmpty();
        await Assert.That(h.Actual()).IsEqualTo(expected);
        var info = Folding.Fold(Stream).Snapshot(h.Server.Sessions.Single().ExternalId).Info!.Value;
        await Assert.That(h.Server.Sessions.Single().CreatedAt).IsEqualTo(info.GetProperty("time").GetProperty("created").GetInt64());
    }

    [Test]
    public async Task A_session_whose_info_never_comes_is_created_from_its_messages_after_the_wait()
    {
        await using var h = await DeliveryHarness.StartAsync(DeliveryHarness.FastOptions with { SessionInfoWait = TimeSpan.FromMilliseconds(300) });
        var lines = WithoutSessionInfo;
        var expected = h.ExpectedFor(lines);
        h.Journal.AppendAll(lines);

        var result = await h.FlushAsync();

        await Assert.That(result.Pending).IsEqualTo(0);
        await Assert.That(h.Server.AutoCreatedSessions).IsEmpty();
        await Assert.That(h.Actual()).IsEqualTo(expected);
        var earliest = Folding.Fold(lines).Snapshot(h.Server.Sessions.Single().ExternalId).Messages[0].Created;
        await Assert.That(h.Server.Sessions.Single().CreatedAt).IsEqualTo(earliest!.Value);
    }

    [Test]
    public async Task Status_shows_the_sessions_that_wait_for_their_info()
    {
        using var home = new TestHome();
        using (var db = StateDb.Open(home.Paths.StateDir))
        {
            var journal = new MemoryJournal();
            journal.AppendAll(WithoutSessionInfo);
            new DeliveryLoop(db, journal, null, new SystemClock(), DeliveryOptions.Default, RecordOptions.Default).FoldAndPlan();
        }
        var console = new FakeConsole();

        await new StatusCommand(home.Context(console)).RunAsync();

        await Assert.That(console.Stdout).Contains("Waiting   1 session(s) hold their messages until the session info arrives (at most 30 s");
    }
}
