namespace OpenCodeSync.Http;

/// <summary>How hard one request tries before delivery gives up on it for now (the outbox retries later).</summary>
/// <param name="AttemptTimeout">One attempt's limit; a stalled backend costs this, then the request is retried.</param>
/// <param name="MaxRetries">Retries after the first attempt, for network errors, timeouts, 408, 429 and 5xx.</param>
/// <param name="BaseDelay">First backoff; it doubles per retry, with jitter.</param>
/// <param name="MaxDelay">Cap on one backoff and on a server's Retry-After.</param>
/// <param name="BreakDuration">How long the circuit stays open once most recent attempts failed.</param>
public sealed record HttpPolicy(TimeSpan AttemptTimeout, int MaxRetries, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan BreakDuration)
{
    public static HttpPolicy Default { get; } = new(
        AttemptTimeout: TimeSpan.FromSeconds(15),
        MaxRetries: 4,
        BaseDelay: TimeSpan.FromMilliseconds(500),
        MaxDelay: TimeSpan.FromSeconds(30),
        BreakDuration: TimeSpan.FromSeconds(10));
}
