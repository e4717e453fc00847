using OpenCodeSync.OpenSync;
using OpenCodeSync.Http;

namespace OpenCodeSync.Delivery;

/// <summary>Knobs of the delivery loop; tests shorten the timeouts, the binary uses <see cref="Default"/>.</summary>
public sealed record DeliveryOptions
{
    public static DeliveryOptions Default { get; } = new();

    /// <summary>Sessions sent at once; one session's records always go one after another, in order.</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>
    /// Sessions <c>sync</c> sends at once. A backfill is latency-bound (one round trip per record, a session's
    /// records in order), so it keeps many sessions in flight; live delivery has a handful of sessions at most.
    /// Each session still goes one request at a time, so no session sees concurrent writes (Convex's OCC).
    /// </summary>
    public int BackfillParallelism { get; init; } = 32;

    /// <summary>How often an idle loop looks at the journal.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary><c>deliver</c> exits after this long with nothing new and nothing due.</summary>
    public TimeSpan IdleExit { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary><c>deliver</c> waits for time-gated sends only when they are due sooner than this.</summary>
    public TimeSpan MaxWaitForDue { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the messages of a session whose info was not seen yet are held (config <c>sync.session-wait</c>).
    /// Sent first, a message makes the backend create the session with <c>createdAt</c> = now, which no later upsert
    /// changes; held, the session info usually arrives in the next burst. After this the session is created from its
    /// messages (<c>createdAt</c> = the earliest one's).
    /// </summary>
    public TimeSpan SessionInfoWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>What a background run waits for before it exits idle: held sessions included, so none is left behind.</summary>
    public TimeSpan WaitForDue => SessionInfoWait + TimeSpan.FromSeconds(1) > MaxWaitForDue ? SessionInfoWait + TimeSpan.FromSeconds(1) : MaxWaitForDue;

    /// <summary>Runs in which the backend may call a record invalid before it becomes a dead letter.</summary>
    public int MaxInvalidAttempts { get; init; } = 3;

    /// <summary>Backoff of a record whose request still failed after the HTTP retries: doubles per failure.</summary>
    public TimeSpan FailureBackoff { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxFailureBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary><c>deliver</c> does not retry a refused key sooner than this (each hook event may start it).</summary>
    public TimeSpan UnauthorizedRecheck { get; init; } = TimeSpan.FromMinutes(5);

    public HttpPolicy Http { get; init; } = HttpPolicy.Default;

    public long BackoffMs(int failures)
    {
        var ms = FailureBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 20));
        // ±20 % jitter so several machines or sessions do not retry in lockstep.
        ms *= 0.8 + (Random.Shared.NextDouble() * 0.4);
        return (long)Math.Min(ms, MaxFailureBackoff.TotalMilliseconds);
    }
}
