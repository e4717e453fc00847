using OpenCodeSync.Delivery;
using OpenCodeSync.Config;
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
    public required ArchiveReport Archive { get; init; }
    public required PrivacyReport Privacy { get; init; }

    /// <summary>Whether the plugin offers OpenCode's agent the history tools (config <c>recall</c>).</summary>
    public bool Recall { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

public sealed record BackendCheck(bool Ok, long LatencyMs, int? Sessions, string? Error);

/// <summary>Whether OpenCode will load this binary's plugin, in the words of <c>verify</c>.</summary>
public sealed record PluginCheck(bool Ok, string Detail);

/// <summary>The outbox as the last delivery left it (read from the state database, no request).</summary>
/// <param name="SessionsAwaitingInfo">Sessions whose messages are held until their session info arrives (at most
/// <paramref name="SessionWaitSeconds"/>).</param>
public sealed record DeliveryReport(
    long PendingRecords,
    DateTimeOffset? LastSuccessAt,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    bool PausedUnauthorized,
    long DeadLetters,
    string DeadLetterFile,
    long SessionsAwaitingInfo = 0,
    long SessionWaitSeconds = 0)
{
    /// <summary>When the last <c>pull</c> ended (null: never), and how many sessions it brought down.</summary>
    public DateTimeOffset? LastPullAt { get; init; }

    public int LastPullImported { get; init; }

    /// <summary>The last error came before the last success: it is history, not the state delivery is in.</summary>
    public bool LastErrorIsPast => LastErrorAt is { } error && LastSuccessAt is { } success && error < success;
}

/// <summary>What never leaves the machine as it is.</summary>
public sealed record PrivacyReport(bool Redaction, IReadOnlyList<string> Exclusions);

/// <summary>The local archive: where it is and what it holds (<see cref="Problem"/> when it cannot be read or written).</summary>
/// <param name="Pulled">Of <paramref name="Sessions"/>, those brought down by <c>pull</c> (another machine's).</param>
public sealed record ArchiveReport(string Path, bool Exists, long Sessions, long Messages, long Bytes, string? Problem, long Pulled = 0);
