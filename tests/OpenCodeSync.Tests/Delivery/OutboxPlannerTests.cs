using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCodeSync.Delivery;
using OpenCodeSync.Json;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Sync;
using OpenCodeSync.Tests.Support;
using OpenCodeSync.State;

namespace OpenCodeSync.Tests.Delivery;

/// <summary>The planner alone: snapshot + outbox rows + a clock value → what to send, in which order, when.</summary>
public class OutboxPlannerTests
{
    private const long Now = 1_000_000;
    private const string S = Events.Session;

    private static SessionSnapshot Snap(params string[] lines) => Folding.Fold(lines).Snapshot(S);

    private static string Text(string messageId, string partId, string text) =>
        Events.Part(messageId, partId, new JsonObject { ["type"] = "text", ["text"] = text });

    private static readonly string[] OneTurn =
    [
        Events.SessionUpdated(),
        Events.Assistant("msg_1", created: 1_500, completed: 1_900),
        Text("msg_1", "prt_1", "hello"),
    ];

    /// <summary>Rows as they are after everything in <paramref name="sends"/> was accepted at <paramref name="at"/>.</summary>
    private static List<OutboxRow> Accepted(IEnumerable<PlannedSend> sends, long at, long? prompt = null, long? completion = null) =>
        sends.Select(p => OutboxRow.New(p.Kind, p.Id, S) with
        {
            Ord = p.Ord, SentFp = p.Fingerprint, SentJson = p.Kind == RecordKind.Session ? p.Json : null,
            FirstSentAt = at, LastSentAt = at,
            ServerPrompt = p.Kind == RecordKind.Session ? prompt : null,
            ServerCompletion = p.Kind == RecordKind.Session ? completion : null,
        }).ToList();

    private static SessionRecord Body(PlannedSend p) => JsonSerializer.Deserialize(p.Json, ContractJson.Default.SessionRecord)!;

    /// <summary>The rows after the first plan was accepted and its message (with tokens) inserted: the totals are unknown.</summary>
    private static List<OutboxRow> AfterFirstPass(SessionSnapshot snap, long at) =>
        Accepted(OutboxPlanner.Plan(snap, [], at), at, prompt: null, completion: null);

    [Test]
    public async Task A_new_session_goes_first_and_its_totals_after_the_messages_that_carry_tokens()
    {
        var plan = OutboxPlanner.Plan(Snap(OneTurn), [], Now);

        await Assert.That(plan.Select(p => $"{p.Kind}:{p.Id}:{p.Ord}")).IsEquivalentTo(["session:ses_test:0", "message:msg_1:1"]);
        await Assert.That(plan[0].Ord).IsLessThan(plan[1].Ord);
        await Assert.That(plan.All(p => p.DueAt == Now)).IsTrue();
        var first = Body(plan[0]);
        // An older backend adds the insert's tokens to the session: totals here would be doubled there. They go
        // after the message instead (next test), on every backend.
        await Assert.That(first.PromptTokens).IsNull();
        await Assert.That(first.Title).IsEqualTo("A title");
        await Assert.That(first.CreatedAt).IsEqualTo(1_000);
    }

    [Test]
    public async Task A_new_session_whose_messages_carry_no_tokens_goes_with_its_totals()
    {
        // The reply is still streaming (not sendable) but has counted tokens; the user message has none.
        var user = Events.Line("message.updated", new JsonObject
        {
            ["sessionID"] = S,
            ["info"] = new JsonObject { ["id"] = "msg_0", ["sessionID"] = S, ["role"] = "user", ["time"] = new JsonObject { ["created"] = 1_200 } },
        });
        var snap = Snap(Events.SessionUpdated(), user, Text("msg_0", "prt_0", "hi"), Events.Assistant("msg_1", completed: null));

        var plan = OutboxPlanner.Plan(snap, [], Now);

        await Assert.That(plan.Select(p => p.Kind)).IsEquivalentTo([RecordKind.Session, RecordKind.Message]);
        // input 10 + cache 100 + 7; output 20 + reasoning 3.
        await Assert.That(Body(plan[0]).PromptTokens).IsEqualTo(117);
        await Assert.That(Body(plan[0]).CompletionTokens).IsEqualTo(23);
    }

    [Test]
    public async Task Incomplete_messages_wait_but_the_session_does_not()
    {
        var plan = OutboxPlanner.Plan(Snap(Events.SessionUpdated(), Events.Assistant("msg_1", completed: null)), [], Now);
        await Assert.That(plan.Select(p => p.Kind)).IsEquivalentTo([RecordKind.Session]);
    }

    [Test]
    public async Task Nothing_is_planned_once_everything_was_accepted_and_totals_match()
    {
        var snap = Snap(OneTurn);
        var first = OutboxPlanner.Plan(snap, [], Now);
        var session = RecordBuilder.BuildSession(snap);
        var rows = Accepted(first, Now - 60_000, session.PromptTokens, session.CompletionTokens);

        await Assert.That(OutboxPlanner.Plan(snap, rows, Now)).IsEmpty();
    }

    [Test]
    public async Task After_a_message_with_tokens_was_inserted_the_totals_go_again_after_it()
    {
        // Unsettled: the reply may still be streaming, so the update waits the short settling delay.
        var snap = Snap(OneTurn);
        var rows = AfterFirstPass(snap, Now - 1_000);

        var plan = OutboxPlanner.Plan(snap, rows, Now);

        await Assert.That(plan).Count().IsEqualTo(1);
        await Assert.That(plan[0].Kind).IsEqualTo(RecordKind.Session);
        await Assert.That(plan[0].Ord).IsGreaterThan(1);
        // Everything but the tokens is as sent: a skip inside the 10 s window could only mean the backend holds them.
        await Assert.That(plan[0].DueAt).IsEqualTo(Now + OutboxPlanner.SessionUpdateDelayMs);
        var session = RecordBuilder.BuildSession(snap);
        await Assert.That(Body(plan[0]).PromptTokens).IsEqualTo(session.PromptTokens);
        await Assert.That(Body(plan[0]).CompletionTokens).IsEqualTo(session.CompletionTokens);
    }

    [Test]
    public async Task A_settled_session_sends_its_totals_at_once()
    {
        var idle = Events.Line("session.idle", new JsonObject { ["sessionID"] = S });
        var snap = Snap([.. OneTurn, idle]);
        var rows = AfterFirstPass(snap, Now - 1_000);

        var plan = OutboxPlanner.Plan(snap, rows, Now);

        await Assert.That(plan.Single().DueAt).IsEqualTo(Now);
    }

    [Test]
    public async Task Totals_known_to_differ_from_what_was_accepted_go_without_waiting_for_the_window()
    {
        var snap = Snap(OneTurn);
        var session = RecordBuilder.BuildSession(snap);
        // The last accepted body held other totals (an earlier state of the reply) and nothing was inserted since.
        var rows = Accepted(OutboxPlanner.Plan(snap, [], Now - 1_000), Now - 1_000, session.PromptTokens - 1, session.CompletionTokens);

        var plan = OutboxPlanner.Plan(snap, rows, Now);

        await Assert.That(plan.Single().DueAt).IsEqualTo(Now + OutboxPlanner.SessionUpdateDelayMs);
        await Assert.That(Body(plan.Single()).PromptTokens).IsEqualTo(session.PromptTokens);
    }

    [Test]
    public async Task A_session_without_info_holds_its_messages_and_keeps_its_deadline()
    {
        var messagesOnly = Snap(OneTurn.Skip(1).ToArray());
        var plan = OutboxPlanner.Plan(messagesOnly, [], Now, infoWaitMs: 30_000);

        await Assert.That(plan.Select(p => p.Kind)).IsEquivalentTo([RecordKind.Session, RecordKind.Message]);
        await Assert.That(plan[0].DueAt).IsEqualTo(Now + 30_000);
        // Built from what is known: the session began with its earliest message.
        await Assert.That(Body(plan[0]).CreatedAt).IsEqualTo(1_500);
        await Assert.That(Body(plan[0]).Title).IsNull();

        // A replan (another message event) does not push the deadline back.
        var pending = new List<OutboxRow> { OutboxRow.New(RecordKind.Session, S, S) with { PendingFp = plan[0].Fingerprint, PendingJson = plan[0].Json, DueAt = plan[0].DueAt } };
        var later = OutboxPlanner.Plan(messagesOnly, pending, Now + 5_000, infoWaitMs: 30_000);
        await Assert.That(later[0].DueAt).IsEqualTo(Now + 30_000);

        // The info arrives: the real record goes at once.
        var withInfo = OutboxPlanner.Plan(Snap(OneTurn), pending, Now + 6_000, infoWaitMs: 30_000);
        await Assert.That(withInfo[0].DueAt).IsEqualTo(Now + 6_000);
        await Assert.That(Body(withInfo[0]).CreatedAt).IsEqualTo(1_000);
    }

    [Test]
    public async Task A_refused_first_record_keeps_its_messages_back()
    {
        var snap = Snap(OneTurn);
        var plan = OutboxPlanner.Plan(snap, [], Now);
        var dead = OutboxRow.New(RecordKind.Session, S, S) with { DeadFp = plan[0].Fingerprint };

        await Assert.That(OutboxPlanner.Plan(snap, [dead], Now)).IsEmpty();
    }

    [Test]
    public async Task A_session_update_is_not_planned_while_its_messages_are_queued()
    {
        var snap = Snap([.. OneTurn, Events.SessionUpdated(title: "Renamed")]);
        var sessionOnly = OutboxPlanner.Plan(Snap(Events.SessionUpdated()), [], Now);
        var rows = Accepted(sessionOnly, Now - 60_000);

        var plan = OutboxPlanner.Plan(snap, rows, Now);

        await Assert.That(plan.Select(p => p.Kind)).IsEquivalentTo([RecordKind.Message]);
    }

    [Test]
    public async Task A_cost_only_change_waits_out_the_backends_10_s_window_but_a_title_change_does_not()
    {
        var before = Snap(OneTurn);
        var session = RecordBuilder.BuildSession(before);
        var rows = Accepted(OutboxPlanner.Plan(before, [], Now), Now - 2_000, session.PromptTokens, session.CompletionTokens);
        // Same tokens, same title: only the cost moved (a second assistant message with zero tokens would do it too).
        var costOnly = Snap(OneTurn[0], Events.Assistant("msg_1", created: 1_500, completed: 1_950).Replace("\"cost\":0.25", "\"cost\":0.5", StringComparison.Ordinal), OneTurn[2]);
        await Assert.That(RecordBuilder.BuildSession(costOnly).Cost).IsEqualTo(0.5);
        var rowsWithMessageSent = rows.Select(r => r.Kind == RecordKind.Message
            ? r with { SentFp = RecordFingerprint.Of(RecordBuilder.BuildMessage(costOnly, costOnly.Messages[0])) } : r).ToList();

        var gated = OutboxPlanner.Plan(costOnly, rowsWithMessageSent, Now);
        await Assert.That(gated).Count().IsEqualTo(1);
        await Assert.That(gated[0].DueAt).IsEqualTo(Now - 2_000 + OutboxPlanner.SessionRepeatWindowMs);

        var renamed = Snap([Events.SessionUpdated(title: "Renamed"), .. OneTurn.Skip(1)]);
        var now = OutboxPlanner.Plan(renamed, rows, Now);
        await Assert.That(now.Single(p => p.Kind == RecordKind.Session).DueAt).IsEqualTo(Now + OutboxPlanner.SessionUpdateDelayMs);
    }

    [Test]
    public async Task A_planned_session_update_is_not_pushed_back_by_later_changes()
    {
        var snap = Snap(OneTurn);
        var session = RecordBuilder.BuildSession(snap);
        var rows = Accepted(OutboxPlanner.Plan(snap, [], Now), Now - 60_000, session.PromptTokens - 1, session.CompletionTokens);
        var first = OutboxPlanner.Plan(snap, rows, Now).Single();
        var pending = rows.Select(r => r.Kind == RecordKind.Session
            ? r with { PendingFp = first.Fingerprint, PendingJson = first.Json, DueAt = first.DueAt } : r).ToList();

        var renamed = Events.SessionUpdated(title: "Renamed").Replace("\"updated\":2000", "\"updated\":3000", StringComparison.Ordinal);
        var later = OutboxPlanner.Plan(Snap([.. OneTurn, renamed]), pending, Now + 700).Single();

        await Assert.That(later.DueAt).IsEqualTo(first.DueAt);
        await Assert.That(later.Json).Contains("Renamed");
    }

    [Test]
    public async Task A_changed_message_is_resent_only_after_the_5_s_window_of_its_first_insert()
    {
        var snap = Snap(OneTurn);
        var session = RecordBuilder.BuildSession(snap);
        var rows = Accepted(OutboxPlanner.Plan(snap, [], Now), Now - 1_000, session.PromptTokens, session.CompletionTokens);

        var edited = Snap([.. OneTurn, Text("msg_1", "prt_2", "and more")]);
        var plan = OutboxPlanner.Plan(edited, rows, Now);

        var message = plan.Single(p => p.Kind == RecordKind.Message);
        await Assert.That(message.DueAt).IsEqualTo(Now - 1_000 + OutboxPlanner.MessageRepeatWindowMs);
        await Assert.That(message.Json).Contains("and more");
        await Assert.That(message.Fingerprint).IsNotEqualTo(rows.Single(r => r.Kind == RecordKind.Message).SentFp!);
    }

    [Test]
    public async Task A_failed_record_keeps_its_backoff()
    {
        var row = OutboxRow.New(RecordKind.Session, S, S) with { Attempts = 2, NextAttemptAt = Now + 4_000 };
        var plan = OutboxPlanner.Plan(Snap(Events.SessionUpdated()), [row], Now);
        await Assert.That(plan.Single().DueAt).IsEqualTo(Now + 4_000);
    }

    [Test]
    public async Task Dead_lettered_content_is_not_retried_until_it_changes()
    {
        var snap = Snap(OneTurn);
        var plan = OutboxPlanner.Plan(snap, [], Now);
        var message = plan.Single(p => p.Kind == RecordKind.Message);
        var rows = Accepted(plan.Where(p => p.Kind == RecordKind.Session), Now - 60_000)
            .Append(OutboxRow.New(RecordKind.Message, message.Id, S) with { DeadFp = message.Fingerprint }).ToList();

        await Assert.That(OutboxPlanner.Plan(snap, rows, Now).Any(p => p.Kind == RecordKind.Message)).IsFalse();
        var edited = Snap([.. OneTurn, Text("msg_1", "prt_2", "fixed")]);
        await Assert.That(OutboxPlanner.Plan(edited, rows, Now).Any(p => p.Kind == RecordKind.Message)).IsTrue();
    }

    [Test]
    public async Task A_deleted_session_sends_nothing_more()
    {
        var deleted = Events.Line("session.deleted", new JsonObject
        {
            ["sessionID"] = S,
            ["info"] = new JsonObject { ["id"] = S, ["directory"] = "/p", ["title"] = "Gone", ["time"] = new JsonObject { ["created"] = 1_000, ["updated"] = 9_000 } },
        });
        await Assert.That(OutboxPlanner.Plan(Snap([.. OneTurn, deleted]), [], Now)).IsEmpty();
    }

    [Test]
    public async Task Record_options_change_what_is_planned()
    {
        var snap = Snap([.. OneTurn, Events.Part("msg_1", "prt_0", new JsonObject { ["type"] = "reasoning", ["text"] = "thinking" })]);
        var with = OutboxPlanner.Plan(snap, [], Now).Single(p => p.Kind == RecordKind.Message);
        var without = OutboxPlanner.Plan(snap, [], Now, new RecordOptions { IncludeReasoning = false }).Single(p => p.Kind == RecordKind.Message);
        await Assert.That(with.Json).Contains("thinking");
        await Assert.That(without.Json).DoesNotContain("thinking");
    }
}
