namespace OpenSync.ContractServer;

public enum FaultKind
{
    /// <summary>Answer a chosen status and body instead of the real reply.</summary>
    Fail,
    /// <summary>Abort the connection (the client sees a reset / truncated response).</summary>
    Drop,
    /// <summary>Wait, then answer normally.</summary>
    Stall,
}

/// <summary>A queued fault; it applies to the next <see cref="Remaining"/> matching requests.</summary>
public sealed record FaultRule(
    FaultKind Kind,
    int Remaining,
    int Status = 500,
    string? Body = null,
    int? RetryAfterSeconds = null,
    TimeSpan Delay = default,
    string? PathPrefix = null,
    bool AfterProcessing = false);

/// <summary>
/// Makes the server misbehave the ways the real one can: 5xx/429 bursts, dropped connections, slow
/// answers, a full outage. Rules are consumed first-in first-out by the requests they match;
/// <c>afterProcessing</c> applies the fault after the write happened (the "committed but the client
/// never heard" case). Admin routes are never affected. A rule's path prefix is matched against the
/// path and query string, so a read route can fail for one id alone
/// (<c>"/api/sessions/get?id=" + id</c>).
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<FaultRule> _rules = [];
    private volatile bool _down;
    private long _latencyTicks;

    public bool IsDown => _down;

    /// <summary>
    /// A round trip every backend request waits before it is handled, like a hosted backend's network and
    /// queueing time. Not a queued rule: it stays until changed, through <see cref="Clear"/> and resets.
    /// </summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref _latencyTicks, value.Ticks);
        }
    }

    public IReadOnlyList<FaultRule> Pending
    {
        get { lock (_gate) return [.. _rules]; }
    }

    public void FailNext(int count, int status, string? body = null, int? retryAfterSeconds = null,
        string? pathPrefix = null, bool afterProcessing = false) =>
        Enqueue(new FaultRule(FaultKind.Fail, count, status, body, retryAfterSeconds, PathPrefix: pathPrefix, AfterProcessing: afterProcessing));

    public void DropNext(int count, string? pathPrefix = null, bool afterProcessing = false) =>
        Enqueue(new FaultRule(FaultKind.Drop, count, PathPrefix: pathPrefix, AfterProcessing: afterProcessing));

    public void StallNext(int count, TimeSpan delay, string? pathPrefix = null) =>
        Enqueue(new FaultRule(FaultKind.Stall, count, Delay: delay, PathPrefix: pathPrefix));

    /// <summary>Every request is aborted until <see cref="Up"/>.</summary>
    public void Down() => _down = true;

    public void Up() => _down = false;

    public void Clear()
    {
        lock (_gate) _rules.Clear();
        _down = false;
    }

    public void Enqueue(FaultRule rule)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rule.Remaining, 1);
        if (rule.Kind == FaultKind.Fail) ArgumentOutOfRangeException.ThrowIfLessThan(rule.Status, 100);
        lock (_gate) _rules.Add(rule);
    }

    /// <summary>Consumes one use of the first rule matching <paramref name="pathAndQuery"/>.</summary>
    internal FaultRule? Take(string pathAndQuery)
    {
        lock (_gate)
        {
            var index = _rules.FindIndex(r => r.PathPrefix is null || pathAndQuery.StartsWith(r.PathPrefix, StringComparison.Ordinal));
            if (index < 0) return null;
            var rule = _rules[index];
            if (rule.Remaining == 1) _rules.RemoveAt(index);
            else _rules[index] = rule with { Remaining = rule.Remaining - 1 };
            return rule;
        }
    }
}
