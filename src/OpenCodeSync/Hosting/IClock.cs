namespace OpenCodeSync.Hosting;

/// <summary>Wall clock and a monotonic stopwatch, injectable for tests.</summary>
public interface IClock
{
    DateTimeOffset Now { get; }
    long Timestamp { get; }
    TimeSpan Elapsed(long startTimestamp);
}

public sealed class SystemClock : IClock
{
    public DateTimeOffset Now => DateTimeOffset.UtcNow;
    public long Timestamp => System.Diagnostics.Stopwatch.GetTimestamp();
    public TimeSpan Elapsed(long startTimestamp) => System.Diagnostics.Stopwatch.GetElapsedTime(startTimestamp);
}
