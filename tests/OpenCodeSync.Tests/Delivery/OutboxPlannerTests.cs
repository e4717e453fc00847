using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCodeSync.Delivery;
using OpenCodeSync.Json;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Store;
using OpenCodeSync.Sync;
using OpenCodeSync.Tests.Support;

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

    [Test]
    public async Task A_new_session_goes_first_and_leaves_totals_to_its_messages()
    {
        var plan = OutboxPlanner.Plan(Snap(OneTurn), [], Now);

        await Assert.That(plan.Select(p => $"{p.Kind}:{p.Id}:{p.Ord}")).IsEquivalentTo(["session:ses_test:0", "message:msg_1:1"]);
        await Assert.That(plan[0].Ord).IsLessThan(plan[1].Ord);
        await Assert.That(plan.All(p => p.DueAt == Now)).IsTrue();
        // The message inserts add their tokens on the backend; totals in the first session body would be doubled.
        var first = JsonSerializer.Deserialize(plan[0].Json, AppJson.Default.SessionRecord)!;
        await Assert.That(first.PromptTokens).IsNull();
        await Assert.That(first.Title).IsEqualTo("A title");
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
    public async Task The_session_is_resent_after_its_messages_when_the_backend_totals_differ()
    {
        var snap = Snap(OneTurn);
        var first = OutboxPlanner.Plan(snap, [], Now);
        // The backend summed the message's tokens, but the session's real totals are different (here: 1 less).
        var session = RecordBuilder.BuildSession(snap);
        var rows = Accepted(first, Now - 1_000, session.PromptTokens - 1, session.CompletionTokens);

        var plan = OutboxPlanner.Plan(snap, rows, Now);

        await Assert.That(plan).Count().IsEqualTo(1);
        await Assert.That(plan[0].Kind).IsEqualTo(RecordKind.Session);
        await Assert.That(plan[0].Ord).IsGreaterThan(1);
        // Tokens differ from what the backend holds, so its 10 s window cannot skip it: send now.
        await Assert.That(plan[0].DueAt).IsEqualTo(Now);
        await Assert.That(JsonSerializer.Deserialize(plan[0].Json, AppJson.Default.SessionRecord)!.PromptTokens).IsEqualTo(session.PromptTokens);
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
        await Assert.That(now.Single(p => p.Kind == RecordKind.Session).DueAt).IsEqualTo(Now);
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
