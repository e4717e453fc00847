namespace OpenCodeSync.State;

/// <summary>What an outbox row is about: the two record kinds the backend takes.</summary>
public static class RecordKind
{
    public const string Session = "session";
    public const string Message = "message";
}

/// <summary>
/// Delivery state of one record (a session's or a message's), as stored. "Sent" is what the backend is
/// believed to hold; "pending" is what should be sent next, not before <see cref="DueAt"/>.
/// </summary>
/// <param name="Ord">Send order within the session: the session's first record 0, messages 1…n, a session re-send n+1.</param>
/// <param name="SentJson">For sessions only: the last body the backend accepted (the dedup window compares with it).</param>
/// <param name="InvalidAttempts">Runs in which the backend called the content invalid (bounded, then dead letter).</param>
/// <param name="DeadFp">Fingerprint of content that was dead-lettered: not retried until the content changes.</param>
/// <param name="ServerPrompt">Sessions only: the prompt-token total of the last accepted session body, which the
/// backend holds; null when none was sent, or when a message with tokens was inserted since (an older backend adds
/// them to its session, so what it holds is not known until the totals go again).</param>
public sealed record OutboxRow(
    string Kind,
    string Id,
    string SessionId,
    int Ord,
    string? SentFp,
    string? SentJson,
    long? FirstSentAt,
    long? LastSentAt,
    string? PendingFp,
    string? PendingJson,
    long? DueAt,
    int Attempts,
    int InvalidAttempts,
    long? NextAttemptAt,
    string? LastError,
    string? DeadFp,
    long? ServerPrompt,
    long? ServerCompletion)
{
    public bool IsPending => PendingFp is not null;

    public bool WasSent => SentFp is not null;

    public static OutboxRow New(string kind, string id, string sessionId) =>
        new(kind, id, sessionId, 0, null, null, null, null, null, null, null, 0, 0, null, null, null, null, null);
}

/// <summary>One send the planner wants: this body, in this order, not before <see cref="DueAt"/> (epoch ms).</summary>
public sealed record PlannedSend(string Kind, string Id, int Ord, string Fingerprint, string Json, long DueAt);

/// <summary>A dead-lettered record, as <c>status</c> and <c>flush</c> report it.</summary>
public sealed record DeadLetter(string Kind, string Id, string SessionId, string Fingerprint, string RecordJson, string Error, long At);
