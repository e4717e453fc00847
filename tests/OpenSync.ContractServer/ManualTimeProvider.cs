namespace OpenSync.ContractServer;

/// <summary>
/// A clock tests move by hand, so the backend's 5 s / 10 s dedup windows are crossed deterministically.
/// Only wall-clock reads are faked; timers (used for stalls) still run on real time.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now = start;

    public ManualTimeProvider() : this(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)) { }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_gate) _now += by;
    }

    public void SetUtcNow(DateTimeOffset value)
    {
        lock (_gate) _now = value;
    }
}
