using System.Text.Json;
using System.Text.Json.Nodes;
using OpenSync.ContractServer.Json;

namespace OpenSync.ContractServer.Storage;

/// <summary>A session document as the backend stores it, plus bookkeeping tests assert on.</summary>
/// <param name="AutoCreated">Created by a message that arrived before its session — a client bug.</param>
/// <param name="Writes">Inserts and applied updates by session upserts (skips and message-driven patches excluded).</param>
public sealed record StoredSession(
    string Id,
    string ExternalId,
    string? Title,
    string? ProjectPath,
    string? ProjectName,
    string? Model,
    string? Provider,
    string Source,
    double PromptTokens,
    double CompletionTokens,
    double TotalTokens,
    double Cost,
    double? DurationMs,
    int MessageCount,
    long CreatedAt,
    long UpdatedAt,
    bool AutoCreated,
    int Writes);

/// <summary>
/// A message document with its parts in order. <c>CreatedAt</c> is the single route's <c>createdAt</c> when sent
/// (today's backend keeps the source's time), else server time; the 5 s repeat window counts from it.
/// </summary>
public sealed record StoredMessage(
    string Id,
    string SessionId,
    string SessionExternalId,
    string ExternalId,
    string Role,
    string? TextContent,
    string? Model,
    double? PromptTokens,
    double? CompletionTokens,
    double? DurationMs,
    long CreatedAt,
    long UpdatedAt,
    IReadOnlyList<StoredPart> Parts,
    int Writes);

/// <summary>One stored part; <c>Content</c> is whatever JSON the client sent (including null).</summary>
public sealed record StoredPart(string Type, JsonElement Content, int Order)
{
    internal static StoredPart From(PartInput part, int order) =>
        new(part.Type, JsonDocument.Parse(JsonText.Utf8(part.Content)).RootElement.Clone(), order);
}

/// <summary>An update the backend accepted with 200 but did not apply (a dedup window hit).</summary>
/// <param name="Kind"><c>"session"</c> or <c>"message"</c>.</param>
public sealed record SkippedUpdate(string Kind, string ExternalId, string Route, DateTimeOffset At, string Reason);

/// <summary>One request as the server saw it. <c>Status</c> is 0 when the connection was dropped.</summary>
public sealed record RequestRecord(
    DateTimeOffset At,
    string Method,
    string Path,
    int Status,
    long BodyBytes,
    bool Skipped,
    string? Fault,
    string? UserAgent = null);

internal sealed record SessionInput(
    string ExternalId,
    string? Title,
    string? ProjectPath,
    string? ProjectName,
    string? Model,
    string? Provider,
    string? Source,
    double? PromptTokens,
    double? CompletionTokens,
    double? Cost,
    double? DurationMs,
    double? CreatedAt);

internal sealed record MessageInput(
    string SessionExternalId,
    string ExternalId,
    string Role,
    string? TextContent,
    string? Model,
    string? Source,
    double? PromptTokens,
    double? CompletionTokens,
    double? DurationMs,
    IReadOnlyList<PartInput>? Parts,
    double? CreatedAt = null);

internal sealed record PartInput(string Type, JsonNode? Content);
