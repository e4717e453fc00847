using System.Globalization;
using OpenCodeSync.Hosting;

namespace OpenCodeSync.Delivery;

/// <summary>
/// Every failed delivery attempt, in the log `logs` shows: which record, why, when the next try is. An outage fails
/// the same way hundreds of times, so a repeat of the last cause is counted instead of written, and the count goes
/// out as one line ("×12 in 3 min") when the cause changes or the process is done.
/// </summary>
public sealed class AttemptLog(FileLog log, IClock clock) : IDisposable
{
    private readonly Lock _gate = new();
    private string? _cause;
    private int _repeats;
    private DateTimeOffset _since;

    /// <param name="cause">What went wrong, without the record (the same for every record in an outage).</param>
    public void Failed(string record, string cause, int attempt, long nextTryAt, bool dead = false)
    {
        lock (_gate)
        {
            if (cause == _cause && !dead)
            {
                _repeats++;
                return;
            }
            FlushRepeats();
            (_cause, _since) = (cause, clock.Now);
            var next = dead ? "dead-lettered (see 'opencode-sync status')"
                : string.Create(CultureInfo.InvariantCulture, $"attempt {attempt}, next try {DateTimeOffset.FromUnixTimeMilliseconds(nextTryAt):yyyy-MM-dd HH:mm:ss}Z");
            log.TryWrite(dead ? LogLevel.Error : LogLevel.Warn, "deliver", $"{record}: {cause}; {next}");
        }
    }

    public void Dispose()
    {
        lock (_gate)
            FlushRepeats();
    }

    private void FlushRepeats()
    {
        if (_repeats > 0)
        {
            var span = clock.Now - _since;
            var over = span.TotalMinutes >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0} min")
                : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, span.TotalSeconds):0} s");
            log.TryWrite(LogLevel.Warn, "deliver", string.Create(CultureInfo.InvariantCulture, $"the same again ×{_repeats} in {over}: {_cause}"));
        }
        _repeats = 0;
    }
}
