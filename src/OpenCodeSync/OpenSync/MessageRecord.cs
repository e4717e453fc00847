using System.Text.Json.Nodes;

namespace OpenCodeSync.OpenSync;

/// <summary>The body of <c>POST /sync/message</c>; nulls are omitted (the backend rejects them).</summary>
public sealed record MessageRecord
{
    public required string SessionExternalId { get; init; }
    public required string ExternalId { get; init; }
    public required string Role { get; init; }
    public string? TextContent { get; init; }
    public string? Model { get; init; }
    public string? Source { get; init; }
    public long? PromptTokens { get; init; }
    public long? CompletionTokens { get; init; }
    public long? DurationMs { get; init; }
    public long? CreatedAt { get; init; }
    public IReadOnlyList<PartRecord>? Parts { get; init; }
}

/// <summary>One message part: exactly <c>{type, content}</c>, no other keys (the validator is strict).</summary>
public sealed record PartRecord(string Type, JsonNode Content);
