using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace OpenCodeSync.OpenSync;

/// <summary>
/// Builds the <see cref="HttpClient"/> for the backend. Only commands that talk to the network call this:
/// building the pipeline costs milliseconds that the per-event hook must not pay.
/// </summary>
public static class OpenSyncHttp
{
    /// <summary>A single attempt with a timeout: for <c>login</c>/<c>status</c>, where the user waits.</summary>
    public static HttpClient CreateInteractive(TimeSpan timeout) =>
        new(NewSocketsHandler(), disposeHandler: true) { Timeout = timeout };

    /// <summary>Retries transient failures (network, 408, 429 with Retry-After, 5xx) with jittered backoff.</summary>
    public static HttpClient CreateResilient(TimeSpan attemptTimeout, int maxRetries, TimeSpan baseDelay)
    {
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = maxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = baseDelay,
            MaxDelay = TimeSpan.FromSeconds(30),
            ShouldRetryAfterHeader = true,
        };
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(retry)
            .AddTimeout(attemptTimeout)
            .Build();
        var handler = new ResilienceHandler(pipeline) { InnerHandler = NewSocketsHandler() };
        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static SocketsHttpHandler NewSocketsHandler() => new()
    {
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        // Redirects would carry the Authorization header to wherever the server points.
        AllowAutoRedirect = false,
        UseProxy = true,
    };
}
