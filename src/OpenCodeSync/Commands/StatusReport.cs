namespace OpenCodeSync.Commands;

/// <summary>What <c>status --json</c> prints; the text form shows the same facts.</summary>
public sealed record StatusReport
{
    public required bool Configured { get; init; }
    public required bool Ready { get; init; }
    public string? Url { get; init; }
    public string? UrlSource { get; init; }
    public string? ApiKey { get; init; }
    public string? ApiKeySource { get; init; }
    public required string ConfigFile { get; init; }
    public BackendCheck? Backend { get; init; }
    public required PluginCheck Plugin { get; init; }
    public string? LegacyCredentials { get; init; }
    public DeliveryReport? Delivery { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

public sealed record BackendCheck(bool Ok, long LatencyMs, int? Sessions, string? Error);

public sealed record PluginCheck(bool Registered, string? ConfigPath, string? Entry, string? Problem);

/// <summary>The outbox as the last delivery left it (read from the state database, no request).</summary>
public sealed record DeliveryReport(
    long PendingRecords,
    DateTimeOffset? LastSuccessAt,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    bool PausedUnauthorized,
    long DeadLetters,
    string DeadLetterFile);
