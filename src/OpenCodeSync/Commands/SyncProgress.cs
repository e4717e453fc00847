using System.Globalization;
using OpenCodeSync.Delivery;
using OpenCodeSync.Hosting;

namespace OpenCodeSync.Commands;

/// <summary>
/// <c>sync</c>'s progress on standard error: sessions done of the total, messages, the message rate and an ETA.
/// On a terminal one line is redrawn in place; anywhere else (a log file, CI) a plain line every
/// <see cref="LineInterval"/>, so a long run shows it is alive without flooding the log. Silent when disabled
/// (<c>--json</c>, <c>--dry-run</c>). Standard output keeps only the summary.
/// </summary>
/// <remarks>
/// Redrawing uses a carriage return and space padding only, no escape sequences, so it also works where
/// <c>TERM=dumb</c>. Not thread-safe: the caller serializes <see cref="Add"/> (sessions finish on many tasks).
/// </remarks>
public sealed class SyncProgress
{
    /// <summary>A terminal is redrawn at most this often: many sessions may finish within one frame.</summary>
    public static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(5);

    private const int BarWidth = 20;

    private readonly TextWriter _err;
    private readonly IClock _clock;
    private readonly bool _terminal;
    private readonly bool _active;
    private readonly int _total;
    private readonly string _verb;
    private readonly long _started;
    private long _lastDrawn;
    private int _drawnWidth;
    private int _done;
    private long _messages;

    /// <param name="verb">What is being done, for plain lines: <c>sync</c> or <c>export</c>.</param>
    public SyncProgress(IConsoleIO console, IClock clock, int total, bool enabled, string verb)
    {
        _err = console.Error;
        _clock = clock;
        _terminal = console.IsErrorTerminal;
        _active = enabled && total > 0;
        _total = total;
        _verb = verb;
        _started = _lastDrawn = clock.Timestamp;
        // On a terminal the bar shows at once: reading the first session may take a moment.
        if (_active && _terminal)
            Draw();
    }

    public void Add(BackfillResult result)
    {
        _done++;
        if (result.Status == BackfillStatus.Synced)
            _messages += result.Messages;
        if (!_active)
            return;
        var since = _clock.Elapsed(_lastDrawn);
        if (_terminal ? since >= RedrawInterval || _done == _total : since >= LineInterval && _done < _total)
            Draw();
    }

    /// <summary>Erases the bar so the summary that follows starts on a clean line.</summary>
    public void Finish()
    {
        if (!_terminal || _drawnWidth == 0)
            return;
        _err.Write("\r" + new string(' ', _drawnWidth) + "\r");
        _err.Flush();
        _drawnWidth = 0;
    }

    private void Draw()
    {
        _lastDrawn = _clock.Timestamp;
        var elapsed = _clock.Elapsed(_started);
        if (_terminal)
        {
            var text = Bar(_done, _total, _messages, elapsed);
            // Pad over a longer previous frame (the rate or ETA can shrink).
            _err.Write("\r" + text + new string(' ', Math.Max(0, _drawnWidth - text.Length)));
            _drawnWidth = Math.Max(_drawnWidth, text.Length);
        }
        else
        {
            _err.WriteLine($"opencode-sync {_verb}: {Line(_done, _total, _messages, elapsed)}");
        }
        _err.Flush();
    }

    /// <summary>
    /// One terminal frame, kept under 80 columns (a wrapped line cannot be redrawn in place):
    /// <c>[####................] 90/200 sessions  2,250 msgs  1,234 msg/s  ETA 5s</c>.
    /// </summary>
    internal static string Bar(int done, int total, long messages, TimeSpan elapsed)
    {
        var (rate, eta) = RateAndEta(done, total, messages, elapsed);
        var filled = total == 0 ? BarWidth : (int)((long)done * BarWidth / total);
        return string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] {done:N0}/{total:N0} sessions  {messages:N0} msgs  {rate} msg/s  ETA {eta}");
    }

    /// <summary>A plain line's numbers: <c>90/200 sessions (45%), 2,250 messages, 1,234 messages/s, ETA 5s</c>.</summary>
    internal static string Line(int done, int total, long messages, TimeSpan elapsed)
    {
        var (rate, eta) = RateAndEta(done, total, messages, elapsed);
        var percent = total == 0 ? 100 : done * 100L / total;
        return string.Create(CultureInfo.InvariantCulture,
            $"{done:N0}/{total:N0} sessions ({percent}%), {messages:N0} messages, {rate} messages/s, ETA {eta}");
    }

    /// <summary>The average rate since the start, and the time left at the average pace per session.</summary>
    private static (string Rate, string Eta) RateAndEta(int done, int total, long messages, TimeSpan elapsed)
    {
        var rate = elapsed.TotalSeconds >= 0.001 ? (messages / elapsed.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture) : "-";
        var eta = done == 0 ? "-" : Duration(TimeSpan.FromTicks(elapsed.Ticks / done * (total - done)));
        return (rate, eta);
    }

    /// <summary><c>5s</c>, <c>3m05s</c>, <c>1h02m</c>: short enough to keep the frame on one line.</summary>
    internal static string Duration(TimeSpan t)
    {
        var c = CultureInfo.InvariantCulture;
        var seconds = (long)Math.Ceiling(t.TotalSeconds);
        return seconds switch
        {
            < 60 => string.Create(c, $"{seconds}s"),
            < 3600 => string.Create(c, $"{seconds / 60}m{seconds % 60:00}s"),
            _ => string.Create(c, $"{seconds / 3600}h{seconds / 60 % 60:00}m"),
        };
    }
}
