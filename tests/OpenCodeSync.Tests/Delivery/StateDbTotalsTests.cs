using OpenCodeSync.Tests.Support;
using OpenCodeSync.Sqlite;
using OpenCodeSync.State;

namespace OpenCodeSync.Tests.Delivery;

/// <summary>What the outbox believes the backend holds of a session's totals: only what the backend accepted.</summary>
public class StateDbTotalsTests
{
    private const string S = "ses_1";

    private static OutboxRow Pending(StateDb db, string kind, string id) => db.RowsOf(S).Single(r => r.Kind == kind && r.Id == id);

    private static void Queue(StateDb db, params PlannedSend[] sends) => db.ApplyPlan(S, sends);

    [Test]
    public async Task A_message_insert_with_tokens_makes_the_totals_unknown_and_one_without_keeps_them()
    {
        using var dir = new TempDir();
        using var db = StateDb.Open(dir.Path);
        Queue(db, new PlannedSend(RecordKind.Session, S, 0, "fp-s", "{\"externalId\":\"ses_1\",\"promptTokens\":117,\"completionTokens\":23}", 0));
        db.MarkSent(Pending(db, RecordKind.Session, S), 10, sessionPrompt: 117, sessionCompletion: 23);
        await Assert.That(Pending(db, RecordKind.Session, S).ServerPrompt).IsEqualTo(117);

        Queue(db, new PlannedSend(RecordKind.Message, "msg_user", 1, "fp-u", "{}", 0));
        db.MarkSent(Pending(db, RecordKind.Message, "msg_user"), 20, inserted: (0, 0));
        await Assert.That(Pending(db, RecordKind.Session, S).ServerPrompt).IsEqualTo(117);

        Queue(db, new PlannedSend(RecordKind.Message, "msg_reply", 2, "fp-r", "{}", 0));
        db.MarkSent(Pending(db, RecordKind.Message, "msg_reply"), 30, inserted: (5, 3));
        await Assert.That(Pending(db, RecordKind.Session, S).ServerPrompt).IsNull();
        await Assert.That(Pending(db, RecordKind.Session, S).ServerCompletion).IsNull();

        // An update of a message that was inserted before adds nothing on any backend.
        Queue(db, new PlannedSend(RecordKind.Session, S, 3, "fp-s2", "{\"externalId\":\"ses_1\",\"promptTokens\":200,\"completionTokens\":40}", 0));
        db.MarkSent(Pending(db, RecordKind.Session, S), 40, sessionPrompt: 200, sessionCompletion: 40);
        Queue(db, new PlannedSend(RecordKind.Message, "msg_reply", 2, "fp-r2", "{}", 0));
        db.MarkSent(Pending(db, RecordKind.Message, "msg_reply"), 50, inserted: (5, 3));
        await Assert.That(Pending(db, RecordKind.Session, S).ServerPrompt).IsEqualTo(200);
    }

    [Test]
    public async Task Totals_an_earlier_version_modelled_as_summed_are_forgotten_once_and_the_session_replanned()
    {
        using var dir = new TempDir();
        using (var db = StateDb.Open(dir.Path))
        {
            Queue(db, new PlannedSend(RecordKind.Session, S, 0, "fp-s", "{\"externalId\":\"ses_1\",\"title\":\"t\"}", 0));
            db.MarkSent(Pending(db, RecordKind.Session, S), 10);
            db.ApplyPlan("ses_2", [new PlannedSend(RecordKind.Session, "ses_2", 0, "fp-2", "{\"externalId\":\"ses_2\",\"promptTokens\":5,\"completionTokens\":6}", 0)]);
            db.MarkSent(db.RowsOf("ses_2").Single(), 10, sessionPrompt: 5, sessionCompletion: 6);
        }
        // What an earlier version left: the first body had no tokens, the belief is the modelled sum of its messages.
        using (var raw = SqliteDb.Open(Path.Combine(dir.Path, StateDb.FileName)))
        {
            raw.Exec("UPDATE delivery SET server_prompt = 117, server_completion = 23 WHERE id = 'ses_1'");
            raw.Exec($"DELETE FROM meta WHERE key = '{MetaKeys.TotalsFromAccepted}'");
            raw.Exec("DELETE FROM dirty_sessions");
        }

        using (var db = StateDb.Open(dir.Path))
        {
            await Assert.That(Pending(db, RecordKind.Session, S).ServerPrompt).IsNull();
            await Assert.That(db.RowsOf("ses_2").Single().ServerPrompt).IsEqualTo(5);
            await Assert.That(db.DirtySessions()).IsEquivalentTo([S]);
        }
        using (var raw = SqliteDb.Open(Path.Combine(dir.Path, StateDb.FileName)))
            raw.Exec("UPDATE delivery SET server_prompt = 117 WHERE id = 'ses_1'");
        using (var db = StateDb.Open(dir.Path))
            await Assert.That(Pending(db, RecordKind.Session, S).ServerPrompt).IsEqualTo(117);
    }
}
