namespace OpenCodeSync.OpenSync;

/// <summary>Replies the backend sends; unknown members are ignored.</summary>
public sealed record SessionListReply(IReadOnlyList<string>? SessionIds);

public sealed record ErrorReply(string? Error);

public sealed record UpsertReply(bool Ok, string? SessionId, string? MessageId);
