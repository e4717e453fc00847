namespace OpenCodeSync.OpenSync;

/// <summary>Replies the backend sends; unknown members are ignored.</summary>
public sealed record SessionListReply(IReadOnlyList<string>? SessionIds);

public sealed record ErrorReply(string? Error);

public sealed record UpsertReply(bool Ok, string? SessionId, string? MessageId);

/// <summary><c>GET /api/sessions</c>: the most recently updated sessions (only the fields this tool reads).</summary>
public sealed record RecentSessionsReply(IReadOnlyList<RecentSession>? Sessions);

/// <summary>One session of <see cref="RecentSessionsReply"/>; the backend sends more fields, which are ignored.</summary>
public sealed record RecentSession(string? ExternalId, double PromptTokens, double CompletionTokens);

/// <summary>
/// A session as the read routes return it (<c>GET /api/sessions</c> and <c>/api/sessions/get</c>). Every field is
/// optional here: sessions of other sources share the account, and one odd document must not fail a pull.
/// </summary>
public sealed record RemoteSession
{
    public string? Id { get; init; }
    public string? ExternalId { get; init; }
    public string? Title { get; init; }
    public string? ProjectPath { get; init; }
    public string? ProjectName { get; init; }
    public string? Model { get; init; }
    public string? Provider { get; init; }
    public double? PromptTokens { get; init; }
    public double? CompletionTokens { get; init; }
    public double? Cost { get; init; }
    public double? DurationMs { get; init; }
    public double? MessageCount { get; init; }
    public double? CreatedAt { get; init; }
    public double? UpdatedAt { get; init; }
}

public sealed record RemoteSessionsReply(IReadOnlyList<RemoteSession?>? Sessions);

/// <summary>A message of <c>/api/sessions/get</c>; parts are <c>{type, content}</c> with any content.</summary>
public sealed record RemoteMessage
{
    public string? Id { get; init; }
    public string? ExternalId { get; init; }
    public string? Role { get; init; }
    public string? TextContent { get; init; }
    public string? Model { get; init; }
    public double? PromptTokens { get; init; }
    public double? CompletionTokens { get; init; }
    public double? DurationMs { get; init; }
    public double? CreatedAt { get; init; }
    public IReadOnlyList<RemotePart?>? Parts { get; init; }
}

public sealed record RemotePart(string? Type, System.Text.Json.Nodes.JsonNode? Content);

public sealed record SessionDetailReply(RemoteSession? Session, IReadOnlyList<RemoteMessage?>? Messages);
