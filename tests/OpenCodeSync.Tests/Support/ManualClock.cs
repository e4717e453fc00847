using OpenCodeSync.Hosting;

namespace OpenCodeSync.Tests.Support;

/// <summary>A clock that moves only when told: time-based output (rates, throttling) becomes exact.</summary>
public sealed class ManualClock(DateTimeOffset start) : IClock
{
    private long _ticks;

    public ManualClock() : this(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public DateTimeOffset Now => start.AddTicks(_ticks);

    public long Timestamp => _ticks;

    public TimeSpan Elapsed(long startTimestamp) => TimeSpan.FromTicks(_ticks - startTimestamp);

    /// <summary>Moves to <paramref name="sinceStart"/> after the start.</summary>
    public void At(TimeSpan sinceStart) => _ticks = sinceStart.Ticks;
}
