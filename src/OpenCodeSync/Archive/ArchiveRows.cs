namespace OpenCodeSync.Archive;

/// <summary>Where a session stands with the backend: "synced", "pending" (queued to send) or "local" (never sent).</summary>
public static class SyncStates
{
    public const string Synced = "synced";
    public const string Pending = "pending";
    public const string Local = "local";

    /// <summary>Brought down by <c>pull</c>: on the backend already, from another machine, and never sent from here.</summary>
    public const string Pulled = "pulled";

    /// <summary>
    /// Queued records of a session nobody can send (not logged in) are "local", not "pending": nothing is on its
    /// way. Once any of it reached the backend, later changes are "pending" whether or not logged in now.
    /// </summary>
    public static string Of(bool sent, bool pending, bool configured) =>
        pending && (sent || configured) ? Pending : sent && !pending ? Synced : Local;
}

/// <summary>One session as list views show it; read from columns, never from the record JSON.</summary>
public sealed record SessionSummary(
    string Id, string? Title, string? ProjectName, string? ProjectPath, string? Model, long? CreatedAt, long? UpdatedAt,
    int Messages, long PromptTokens, long CompletionTokens, long CacheRead, long CacheWrite, double Cost, string Sync)
{
    public long Tokens => PromptTokens + CompletionTokens;
}

/// <summary>The archive-only numbers of one message: its token counts apart and its cost (the backend gets two sums).</summary>
public sealed record MessageUsage(string Id, long Input, long Output, long Reasoning, long CacheRead, long CacheWrite, double Cost)
{
    public long Prompt => Input + CacheRead + CacheWrite;
    public long Completion => Output + Reasoning;
}

/// <summary>A message's stored record JSON, exactly as sent, with its usage.</summary>
public sealed record StoredMessage(string RecordJson, MessageUsage Usage);

/// <summary>A session's stored record JSON and its messages in order.</summary>
public sealed record StoredSession(SessionSummary Summary, string RecordJson, IReadOnlyList<StoredMessage> Messages);

/// <summary>
/// Which sessions a query keeps: the project given as a directory (it and everything below) or by name;
/// active since a time (Unix ms).
/// </summary>
/// <param name="ExceptSession">A session left out (recall leaves out the one asking).</param>
public sealed record SessionFilter(string? ProjectPath = null, string? ProjectName = null, long? Since = null, string? Origin = null,
    string? ExceptSession = null);

/// <summary>One full-text hit; <see cref="Snippet"/> marks matches with <see cref="ArchiveDb.HitOpen"/>/<see cref="ArchiveDb.HitClose"/>.</summary>
public sealed record SearchHit(string SessionId, string? Title, string? ProjectName, string MessageId, string Role, long? CreatedAt, string Snippet, double Rank,
    string? ProjectPath = null);

/// <summary>Totals of one group of messages, counted as OpenSync counts them.</summary>
public sealed record StatsRow(string Key, int Sessions, int Messages, long Input, long Output, long Reasoning, long CacheRead, long CacheWrite, double Cost)
{
    public long PromptTokens => Input + CacheRead + CacheWrite;
    public long CompletionTokens => Output + Reasoning;
    public long CacheTokens => CacheRead + CacheWrite;
}

/// <summary>What a session id (or prefix) a user typed refers to.</summary>
public sealed record IdMatch(string? Id, IReadOnlyList<string> Candidates, IReadOnlyList<string> CloseMatches)
{
    public bool IsAmbiguous => Id is null && Candidates.Count > 1;
}

public enum StatsBy
{
    Day,
    Week,
    Month,
    Project,
    Model,
}
