namespace OpenCodeSync.OpenSync;

/// <summary>Replies the backend sends; unknown members are ignored.</summary>
public sealed record SessionListReply(IReadOnlyList<string>? SessionIds);

public sealed record ErrorReply(string? Error);

public sealed record UpsertReply(bool Ok, string? SessionId, string? MessageId);

/// <summary><c>GET /api/sessions</c>: the most recently updated sessions (only the fields this tool reads).</summary>
public sealed record RecentSessionsReply(IReadOnlyList<RecentSession>? Sessions);

/// <summary>One session of <see cref="RecentSessionsReply"/>; the backend sends more fields, which are ignored.</summary>
public sealed record RecentSession(string? ExternalId, double PromptTokens, double CompletionTokens);
