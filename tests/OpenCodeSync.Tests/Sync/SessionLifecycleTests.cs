using System.Text.Json.Nodes;
using OpenCodeSync.Sync;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Sync;

public class SessionLifecycleTests
{
    private static string Deleted() => Events.Line("session.deleted", new JsonObject
    {
        ["sessionID"] = Events.Session,
        ["info"] = new JsonObject { ["id"] = Events.Session, ["slug"] = "s", ["directory"] = "/p", ["title"] = "Gone", ["time"] = new JsonObject { ["created"] = 1_000, ["updated"] = 1_500 } },
    });

    [Test]
    public async Task A_deleted_session_stays_deleted_even_if_an_update_arrives_later()
    {
        string[] lines = [Deleted(), Events.SessionUpdated(title: "Newer title")];
        foreach (var order in new[] { lines, lines.Reverse().ToArray() })
        {
            var snap = Folding.Fold(order).Snapshot(Events.Session);
            await Assert.That(snap.Deleted).IsTrue();
            await Assert.That(RecordBuilder.BuildSession(snap).Title).IsEqualTo("Gone");
        }
    }

    [Test]
    public async Task Session_error_settles_an_unfinished_reply_created_before_it()
    {
        // msg id time key = 1_500 ms; the error event id is 2_000 ms and the busy status later still.
        var msgKey = (1_500L << 12).ToString("x12", System.Globalization.CultureInfo.InvariantCulture);
        var evtKey = ((2_000L << 12) + 1).ToString("x12", System.Globalization.CultureInfo.InvariantCulture);
        string[] lines =
        [
            Events.Assistant($"msg_{msgKey}abc", created: 1_500, completed: null),
            new JsonObject { ["id"] = $"evt_{evtKey}xyz", ["type"] = "session.error", ["properties"] = new JsonObject { ["sessionID"] = Events.Session, ["error"] = new JsonObject { ["name"] = "APIError" } } }.ToJsonString(),
        ];
        var before = Folding.Fold(lines[..1]);
        var snapBefore = before.Snapshot(Events.Session);
        await Assert.That(RecordBuilder.IsComplete(snapBefore, snapBefore.Messages[0])).IsFalse();

        var snap = Folding.Fold(lines.Reverse()).Snapshot(Events.Session);
        await Assert.That(RecordBuilder.IsComplete(snap, snap.Messages[0])).IsTrue();

        // An error from before the message was created does not settle it.
        var early = lines[1].Replace(evtKey, (1_000L << 12).ToString("x12", System.Globalization.CultureInfo.InvariantCulture));
        var snapEarly = Folding.Fold([lines[0], early]).Snapshot(Events.Session);
        await Assert.That(RecordBuilder.IsComplete(snapEarly, snapEarly.Messages[0])).IsFalse();
    }
}
