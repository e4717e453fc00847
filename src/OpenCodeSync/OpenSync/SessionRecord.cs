namespace OpenCodeSync.OpenSync;

/// <summary>
/// The body of <c>POST /sync/session</c>. The backend rejects <c>null</c> for optional fields, so every
/// optional member is nullable and the serializer omits nulls.
/// </summary>
public sealed record SessionRecord
{
    public required string ExternalId { get; init; }
    public string? Title { get; init; }
    public string? ProjectPath { get; init; }
    public string? ProjectName { get; init; }
    public string? Model { get; init; }
    public string? Provider { get; init; }
    public string Source { get; init; } = "opencode";
    public long? PromptTokens { get; init; }
    public long? CompletionTokens { get; init; }
    public double? Cost { get; init; }
    public long? DurationMs { get; init; }
    public long? CreatedAt { get; init; }
}
