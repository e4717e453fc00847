using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace OpenCodeSync.Http;

/// <summary>
/// Builds the <see cref="HttpClient"/> for the backend. Only commands that talk to the network call this:
/// building the pipeline costs milliseconds that the per-event hook must not pay.
/// </summary>
public static class OpenSyncHttp
{
    /// <summary>A single attempt with a timeout: for <c>login</c>/<c>status</c>, where the user waits.</summary>
    public static HttpClient CreateInteractive(TimeSpan timeout) =>
        new(NewSocketsHandler(), disposeHandler: true) { Timeout = timeout };

    /// <summary>
    /// For delivery: retry (exponential backoff with jitter; Retry-After honoured up to the cap) → circuit
    /// breaker → per-attempt timeout. Only transient failures are retried: network errors, timeouts, 408, 429
    /// and 5xx — except a 500 that says the content is invalid, which the same bytes can never fix.
    /// Upserts are idempotent, so a retry after a lost reply is safe.
    /// </summary>
    /// <remarks>
    /// The strategies are Microsoft.Extensions.Http.Resilience's HTTP options run by a small handler of our own:
    /// the package's own <c>ResilienceHandler</c> drags in DI, telemetry and logging (+2.2 MB in the binary).
    /// </remarks>
    public static HttpClient CreateResilient(HttpPolicy policy)
    {
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(1, policy.MaxRetries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = policy.BaseDelay,
            MaxDelay = policy.MaxDelay,
            // Retry-After is honoured here, capped, so a huge value cannot park delivery for an hour.
            DelayGenerator = args => new ValueTask<TimeSpan?>(RetryAfter(args.Outcome.Result, policy.MaxDelay)),
            ShouldHandle = args => IsTransientAsync(args.Outcome),
        };
        if (policy.MaxRetries <= 0)
            retry.ShouldHandle = _ => PredicateResult.False();

        var breaker = new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = 0.8,
            MinimumThroughput = 10,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = policy.BreakDuration,
            ShouldHandle = args => IsTransientAsync(args.Outcome),
        };

        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(retry)
            .AddCircuitBreaker(breaker)
            .AddTimeout(policy.AttemptTimeout)
            .Build();
        var handler = new ResilientHandler(pipeline, NewSocketsHandler());
        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>True for a 500 whose body is Convex's argument validation error (or one like it).</summary>
    public static bool IsInvalidContent(string? errorText) =>
        errorText is not null &&
        (errorText.Contains("ArgumentValidationError", StringComparison.Ordinal) ||
         errorText.Contains("does not match validator", StringComparison.OrdinalIgnoreCase));

    private static async ValueTask<bool> IsTransientAsync(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is not null)
            return outcome.Exception is HttpRequestException or TimeoutRejectedException;
        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        if (status is not (408 or 429 or >= 500))
            return false;
        if (status != 500)
            return true;
        // The caller reads the body again: buffering keeps it readable.
        await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
        return !IsInvalidContent(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan cap)
    {
        if (response?.Headers.RetryAfter is not { } header)
            return null;   // the exponential backoff applies
        var wait = header.Delta ?? (header.Date is { } at ? at - DateTimeOffset.UtcNow : null);
        return wait is { } w ? TimeSpan.FromTicks(Math.Clamp(w.Ticks, 0, cap.Ticks)) : null;
    }

    private static SocketsHttpHandler NewSocketsHandler() => new()
    {
        // No AutomaticDecompression: replies are a few bytes of JSON, and zlib costs binary size.
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        // Redirects would carry the Authorization header to wherever the server points.
        AllowAutoRedirect = false,
        UseProxy = true,
    };
}
