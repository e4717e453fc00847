using System.Text.Json;
using OpenCodeSync.Json;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Sync;
using OpenCodeSync.State;

namespace OpenCodeSync.Delivery;

/// <summary>
/// Decides what to send for one session: snapshot → records → compared with what the backend is believed to
/// hold (the session's outbox rows) → sends with an order and a due time. Pure: no clock, no IO.
/// </summary>
/// <remarks>
/// The backend's rules this plans around (see opensync-http-contract.md):
/// <list type="bullet">
/// <item>A message sent before its session auto-creates a bare session whose <c>createdAt</c> is the delivery time,
/// and no later upsert changes it: nothing of a session goes before its first record is accepted, and while the
/// session's info is unknown that record is held (up to <c>infoWaitMs</c>), then built from the messages.</item>
/// <item>Session totals are written only by session upserts (today's backend never sums message tokens; one older
/// than February 2026 adds each inserted message's tokens): the session's own totals are always sent, and sent again
/// after a message with tokens was inserted. What the backend holds is what was last accepted, never a model of
/// its arithmetic (see <see cref="OutboxRow.ServerPrompt"/>).</item>
/// <item>A message repeat within 5 s of its first insert is silently skipped: an update waits until
/// first-sent + <see cref="MessageRepeatWindowMs"/>.</item>
/// <item>A session update whose title/model/projectPath/tokens equal the stored ones within 10 s of the
/// session's last write (message writes count) is skipped, dropping e.g. a new cost: such an update waits
/// until last write + <see cref="SessionRepeatWindowMs"/> unless a skip could only mean the backend already holds it.</item>
/// </list>
/// </remarks>
public static class OutboxPlanner
{
    /// <summary>5 s window plus margin: first-sent is taken after the backend's insert, so this is always past it.</summary>
    public const long MessageRepeatWindowMs = 5_500;

    public const long SessionRepeatWindowMs = 10_500;

    /// <summary>
    /// A session update waits this long after the change that asked for it, and later changes do not push it
    /// back: while a reply streams, its token counts change often, and one update a second is plenty. A session
    /// that went idle after its last activity has nothing more streaming: its update goes at once.
    /// </summary>
    public const long SessionUpdateDelayMs = 1_000;

    public static IReadOnlyList<PlannedSend> Plan(SessionSnapshot snap, IReadOnlyList<OutboxRow> rows, long now, RecordOptions? options = null, long infoWaitMs = 0) =>
        Plan(snap, rows, now, options, built: null, infoWaitMs);

    /// <param name="built">The session's records when the caller built them already (see <see cref="SessionRecords"/>).</param>
    /// <param name="infoWaitMs">How long a session whose info is unknown is held (see <see cref="DeliveryOptions.SessionInfoWait"/>).</param>
    public static IReadOnlyList<PlannedSend> Plan(SessionSnapshot snap, IReadOnlyList<OutboxRow> rows, long now, RecordOptions? options, SessionRecords? built, long infoWaitMs = 0)
    {
        // Deleted in OpenCode: nothing more goes out (what was sent stays; the API has no delete).
        if (snap.Deleted)
            return [];
        // Excluded projects never reach the outbox (what was sent before the exclusion stays).
        if (options?.IsExcluded(snap.Info?.Str("directory")) == true)
            return [];

        built ??= SessionRecords.Build(snap, options);
        var byKey = rows.ToDictionary(r => (r.Kind, r.Id));
        var sessionRow = byKey.GetValueOrDefault((RecordKind.Session, snap.SessionId));
        var sends = new List<PlannedSend>();
        var insertsCarryTokens = false;

        foreach (var message in built.Messages)
        {
            var fp = message.Fingerprint;
            var row = byKey.GetValueOrDefault((RecordKind.Message, message.Snapshot.Id));
            if (row?.SentFp == fp || row?.DeadFp == fp)
                continue;
            var due = row?.FirstSentAt is { } first ? Math.Max(now, first + MessageRepeatWindowMs) : now;
            sends.Add(new PlannedSend(RecordKind.Message, message.Snapshot.Id, message.Index + 1, fp, message.Json, Later(due, row)));
            insertsCarryTokens |= row?.WasSent != true && (message.Record.PromptTokens > 0 || message.Record.CompletionTokens > 0);
        }

        var session = built.Session;
        if (sessionRow?.WasSent != true)
        {
            // When inserts with tokens follow, the totals go after them (UpdateFor) and not here: an older backend
            // would add the inserts' tokens to these, and on today's the later record is then a real write, not a skip.
            var body = insertsCarryTokens ? session with { PromptTokens = null, CompletionTokens = null } : session;
            var fp = RecordFingerprint.Of(body);
            // Refused: its messages wait for content the backend takes, or they would create a bare session.
            if (sessionRow?.DeadFp == fp)
                return [];
            var due = snap.Info is null ? HeldUntil(sessionRow, now, infoWaitMs) : now;
            sends.Insert(0, new PlannedSend(RecordKind.Session, snap.SessionId, 0, fp, Serialize(body), Later(due, sessionRow)));
            return sends;
        }

        // An update goes only when no message of the session is still queued: their writes restart the backend's
        // 10 s window (and an older backend adds their tokens), so the totals go after the last of them.
        if (sends.Count > 0 || UpdateFor(snap, session, sessionRow, rows, now) is not { } update)
            return sends;
        sends.Add(update with { Ord = snap.Messages.Count + 1 });
        return sends;
    }

    /// <summary>A held first record keeps the deadline it got when it was first planned.</summary>
    private static long HeldUntil(OutboxRow? row, long now, long infoWaitMs) =>
        row is { IsPending: true, DueAt: { } deadline } ? deadline : now + Math.Max(0, infoWaitMs);

    private static PlannedSend? UpdateFor(SessionSnapshot snap, SessionRecord desired, OutboxRow row, IReadOnlyList<OutboxRow> rows, long now)
    {
        var sent = row.SentJson is { } json ? JsonSerializer.Deserialize(json, ContractJson.Default.SessionRecord) : null;
        var tokensHeld = Holds(desired.PromptTokens, row.ServerPrompt) && Holds(desired.CompletionTokens, row.ServerCompletion);
        // createdAt is set on insert only: a difference there is nothing an update could change.
        var restAsSent = sent is not null && Serialize(Rest(desired, sent)) == Serialize(Rest(sent, sent));
        if (tokensHeld && restAsSent)
            return null;

        var fp = RecordFingerprint.Of(desired);
        if (row.DeadFp == fp)
            return null;
        // Written whatever the backend's 10 s window says: a compared field differs from what it is known to hold.
        var certainlyWritten =
            Differs(desired.Title, sent?.Title) || Differs(desired.Model, sent?.Model) || Differs(desired.ProjectPath, sent?.ProjectPath) ||
            KnownToDiffer(desired.PromptTokens, row.ServerPrompt) || KnownToDiffer(desired.CompletionTokens, row.ServerCompletion);
        // When only the tokens may change, a skip inside the window means the backend holds them already; any other
        // change (cost, duration, …) would be dropped by a skip, so it waits for the window to pass.
        var lastWrite = rows.Max(r => r.LastSentAt ?? 0);
        var gate = certainlyWritten || restAsSent ? now : Math.Max(now, lastWrite + SessionRepeatWindowMs);
        // A pending update keeps its settle time (later changes do not push it back), but never more than one delay
        // ahead: a due time set by an earlier window gate must not hold back an update that no longer needs it.
        var settle = snap.SettledAfter(LastActivity(snap)) ? now
            : row.IsPending && row.DueAt is { } planned ? Math.Min(planned, now + SessionUpdateDelayMs)
            : now + SessionUpdateDelayMs;
        var due = Math.Max(gate, settle);
        return new PlannedSend(RecordKind.Session, row.Id, 0, fp, Serialize(desired), Later(due, row));
    }

    /// <summary>The backend writes tokens only when &gt; 0, so a zero or missing total asks for nothing.</summary>
    private static bool Holds(long? desired, long? held) => desired is not > 0 || desired == held;

    private static bool KnownToDiffer(long? desired, long? held) => desired > 0 && held is not null && desired != held;

    private static bool Differs(string? desired, string? held) => desired is not null && !string.Equals(desired, held, StringComparison.Ordinal);

    private static SessionRecord Rest(SessionRecord r, SessionRecord sent) => r with { PromptTokens = null, CompletionTokens = null, CreatedAt = sent.CreatedAt };

    private static long? LastActivity(SessionSnapshot snap)
    {
        long? last = null;
        foreach (var m in snap.Messages)
            last = RecordBuilder.Max(last, RecordBuilder.Max(m.Created, m.Completed));
        return last;
    }

    /// <summary>Never earlier than a failed attempt's backoff.</summary>
    private static long Later(long due, OutboxRow? row) => Math.Max(due, row?.NextAttemptAt ?? 0);

    private static string Serialize(SessionRecord r) => JsonSerializer.Serialize(r, ContractJson.Default.SessionRecord);
}
