using System.Text.Json;
using OpenCodeSync.Json;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Store;
using OpenCodeSync.Sync;

namespace OpenCodeSync.Delivery;

/// <summary>
/// Decides what to send for one session: snapshot → records → compared with what the backend is believed to
/// hold (the session's outbox rows) → sends with an order and a due time. Pure: no clock, no IO.
/// </summary>
/// <remarks>
/// The backend's quirks this works around (see opensync-http-contract.md):
/// <list type="bullet">
/// <item>A message sent before its session auto-creates a bare session: a session's first record goes first.</item>
/// <item>A message repeat within 5 s of its first insert is silently skipped: an update waits until
/// first-sent + <see cref="MessageRepeatWindowMs"/>.</item>
/// <item>A session update whose title/model/projectPath/tokens equal the stored ones within 10 s of the
/// session's last write (message writes count) is skipped, dropping e.g. a new cost: such an update waits
/// until last write + <see cref="SessionRepeatWindowMs"/>; one that changes those fields goes at once.</item>
/// <item>The backend adds each newly inserted message's tokens to its session: the totals it is believed to hold
/// are tracked, and the session is re-sent after its messages when they differ from the real totals.</item>
/// </list>
/// </remarks>
public static class OutboxPlanner
{
    /// <summary>5 s window plus margin: first-sent is taken after the backend's insert, so this is always past it.</summary>
    public const long MessageRepeatWindowMs = 5_500;

    public const long SessionRepeatWindowMs = 10_500;

    /// <summary>
    /// A session update waits this long after the change that asked for it, and later changes do not push it
    /// back: while a reply streams, its token counts change often, and one update a second is plenty.
    /// </summary>
    public const long SessionUpdateDelayMs = 1_000;

    public static IReadOnlyList<PlannedSend> Plan(SessionSnapshot snap, IReadOnlyList<OutboxRow> rows, long now, RecordOptions? options = null) =>
        Plan(snap, rows, now, options, built: null);

    /// <param name="built">The session's records when the caller built them already (see <see cref="SessionRecords"/>).</param>
    public static IReadOnlyList<PlannedSend> Plan(SessionSnapshot snap, IReadOnlyList<OutboxRow> rows, long now, RecordOptions? options, SessionRecords? built)
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
        var newMessagesCarryTokens = false;

        foreach (var message in built.Messages)
        {
            var (i, m, record) = message;
            var fp = message.Fingerprint;
            var row = byKey.GetValueOrDefault((RecordKind.Message, m.Id));
            if (row?.SentFp == fp || row?.DeadFp == fp)
                continue;
            var due = row?.FirstSentAt is { } first ? Math.Max(now, first + MessageRepeatWindowMs) : now;
            sends.Add(new PlannedSend(RecordKind.Message, m.Id, i + 1, fp, message.Json, Later(due, row)));
            newMessagesCarryTokens |= row?.WasSent != true && (record.PromptTokens > 0 || record.CompletionTokens > 0);
        }

        var session = built.Session;
        if (sessionRow?.WasSent != true)
        {
            // First record of the session. When new messages will add their tokens on insert, leave the totals
            // out here: the messages sum them, and a re-send below fixes any difference.
            var body = newMessagesCarryTokens ? session with { PromptTokens = null, CompletionTokens = null } : session;
            var fp = RecordFingerprint.Of(body);
            if (sessionRow?.DeadFp != fp)
                sends.Insert(0, new PlannedSend(RecordKind.Session, snap.SessionId, 0, fp, Serialize(body), Later(now, sessionRow)));
            return sends;
        }

        // An update goes only when no message of the session is still queued: those writes move the totals and
        // restart the backend's 10 s window, so deciding before they land could get it skipped.
        if (sends.Count > 0 || UpdateFor(session, sessionRow, rows, now) is not { } update)
            return sends;
        sends.Add(update with { Ord = snap.Messages.Count + 1 });
        return sends;
    }

    private static PlannedSend? UpdateFor(SessionRecord desired, OutboxRow row, IReadOnlyList<OutboxRow> rows, long now)
    {
        var sent = row.SentJson is { } json ? JsonSerializer.Deserialize(json, AppJson.Default.SessionRecord) : null;
        var tokensHeld = Holds(desired.PromptTokens, row.ServerPrompt) && Holds(desired.CompletionTokens, row.ServerCompletion);
        if (tokensHeld && sent is not null && Serialize(WithoutTokens(desired)) == Serialize(WithoutTokens(sent)))
            return null;

        var fp = RecordFingerprint.Of(desired);
        if (row.DeadFp == fp)
            return null;
        var comparedFieldsDiffer =
            Differs(desired.Title, sent?.Title) || Differs(desired.Model, sent?.Model) || Differs(desired.ProjectPath, sent?.ProjectPath) ||
            !tokensHeld;
        var lastWrite = rows.Max(r => r.LastSentAt ?? 0);
        var gate = comparedFieldsDiffer ? now : Math.Max(now, lastWrite + SessionRepeatWindowMs);
        var settle = row.IsPending && row.DueAt is { } planned ? planned : now + SessionUpdateDelayMs;
        var due = Math.Max(gate, settle);
        return new PlannedSend(RecordKind.Session, row.Id, 0, fp, Serialize(desired), Later(due, row));
    }

    /// <summary>The backend writes tokens only when &gt; 0, so a zero or missing total asks for nothing.</summary>
    private static bool Holds(long? desired, long? held) => desired is not > 0 || desired == (held ?? 0);

    private static bool Differs(string? desired, string? held) => desired is not null && !string.Equals(desired, held, StringComparison.Ordinal);

    private static SessionRecord WithoutTokens(SessionRecord r) => r with { PromptTokens = null, CompletionTokens = null };

    /// <summary>Never earlier than a failed attempt's backoff.</summary>
    private static long Later(long due, OutboxRow? row) => Math.Max(due, row?.NextAttemptAt ?? 0);

    private static string Serialize(SessionRecord r) => JsonSerializer.Serialize(r, AppJson.Default.SessionRecord);

}
