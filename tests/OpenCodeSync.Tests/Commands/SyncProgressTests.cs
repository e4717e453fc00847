using OpenCodeSync.Commands;
using OpenCodeSync.Delivery;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Commands;

/// <summary>
/// What <c>sync</c> shows while it runs, with the clock under the test's control: a bar redrawn in place on a
/// terminal (throttled, always showing the last session), plain lines every few seconds elsewhere, nothing with --json.
/// </summary>
public class SyncProgressTests
{
    private static BackfillResult Synced(int messages) => new("ses_x", BackfillStatus.Synced, null, "t", messages);

    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    [Test]
    public async Task On_a_terminal_one_line_is_redrawn_in_place_at_most_every_100_ms_then_erased()
    {
        var console = new FakeConsole(terminal: true);
        var clock = new ManualClock();
        var progress = new SyncProgress(console, clock, total: 4, enabled: true, verb: "sync");

        clock.At(Ms(100));
        progress.Add(Synced(10));
        clock.At(Ms(150));
        progress.Add(Synced(10));                                           // 50 ms after the last frame: not drawn
        clock.At(Ms(180));
        progress.Add(new BackfillResult("ses_y", BackfillStatus.Skipped, "already synced from this machine"));
        clock.At(Ms(1050));
        progress.Add(Synced(20));                                           // the last session is always drawn
        progress.Finish();

        const string first = "[....................] 0/4 sessions  0 msgs  - msg/s  ETA -";
        const string second = "[#####...............] 1/4 sessions  10 msgs  100 msg/s  ETA 1s";
        const string last = "[####################] 4/4 sessions  40 msgs  38 msg/s  ETA 0s";
        // The last frame is one column shorter than the one it covers: a space pads it; Finish blanks the widest.
        var expected = "\r" + first + "\r" + second + "\r" + last + " " + "\r" + new string(' ', second.Length) + "\r";
        await Assert.That(console.Stderr).IsEqualTo(expected);
        await Assert.That(console.Stdout).IsEmpty();
        await Assert.That(last.Length).IsLessThan(80);
    }

    [Test]
    public async Task Elsewhere_a_plain_line_every_5_seconds_and_none_for_the_last_session()
    {
        var console = new FakeConsole(terminal: false);
        var clock = new ManualClock();
        var progress = new SyncProgress(console, clock, total: 3, enabled: true, verb: "sync");

        clock.At(TimeSpan.FromSeconds(1));
        progress.Add(Synced(10));
        clock.At(TimeSpan.FromSeconds(6));
        progress.Add(Synced(20));
        clock.At(TimeSpan.FromSeconds(12));
        progress.Add(new BackfillResult("ses_z", BackfillStatus.Failed, "boom"));
        progress.Finish();

        await Assert.That(console.Stderr).IsEqualTo("opencode-sync sync: 2/3 sessions (66%), 30 messages, 5 messages/s, ETA 3s" + Environment.NewLine);
        await Assert.That(console.Stdout).IsEmpty();
    }

    [Test]
    [Arguments(true)]
    [Arguments(false)]
    public async Task Disabled_or_with_nothing_to_do_it_prints_nothing(bool terminal)
    {
        var console = new FakeConsole(terminal: terminal);
        var clock = new ManualClock();
        var disabled = new SyncProgress(console, clock, total: 2, enabled: false, verb: "sync");
        var empty = new SyncProgress(console, clock, total: 0, enabled: true, verb: "sync");

        clock.At(TimeSpan.FromSeconds(30));
        disabled.Add(Synced(5));
        disabled.Add(Synced(5));
        disabled.Finish();
        empty.Finish();

        await Assert.That(console.All).IsEmpty();
    }

    [Test]
    [Arguments(0.2, "1s")]
    [Arguments(59.0, "59s")]
    [Arguments(185.0, "3m05s")]
    [Arguments(3720.0, "1h02m")]
    public async Task Time_left_is_short(double seconds, string shown)
    {
        await Assert.That(SyncProgress.Duration(TimeSpan.FromSeconds(seconds))).IsEqualTo(shown);
    }
}
