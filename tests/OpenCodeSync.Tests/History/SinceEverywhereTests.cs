using System.Globalization;
using System.Text.Json;
using OpenCodeSync.Commands;
using OpenCodeSync.Hosting;
using OpenCodeSync.Json;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.History;

/// <summary>The published binary: one <c>--since</c> for <c>sync</c> and the archive commands, values and errors alike.</summary>
public class SinceEverywhereTests
{
    private const int Days = 10;

    /// <summary>
    /// One session a day at noon UTC, the last one yesterday: every cut-off the tests use falls half a day away
    /// from a session.
    /// </summary>
    private static Dictionary<string, string> HomeWithHistory(TestHome home)
    {
        var today = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date, TimeSpan.Zero);
        var first = today.AddDays(-Days).AddHours(12).ToUnixTimeMilliseconds();
        var db = Path.Combine(home.Home, "opencode", "opencode.db");
        OpenCodeHistory.WriteDb(db, Folding.Fold(OpenCodeHistory.Sessions(Days, home.Project, start: first, hugeOutputChars: 10)));
        var env = home.ProcessEnvironment();
        env[EnvVars.OpenCodeDb] = db;
        env[EnvVars.NoWake] = "1";
        env["TZ"] = "UTC";
        return env;
    }

    private static string DaysAgo(int days) =>
        DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(-days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Test]
    [Arguments("7d", 7)]
    [Arguments("1w", 7)]
    [Arguments("yesterday", 1)]
    [Arguments("today", 0)]
    public async Task Sync_since_takes_the_relative_forms_and_sessions_agrees(string since, int expected)
    {
        using var home = new TestHome();
        var env = HomeWithHistory(home);

        var sync = await PublishedBinary.RunAsync(["sync", "--since", since, "--json"], env);
        var listed = await PublishedBinary.RunAsync(["sessions", "--since", since, "--json"], env);

        await Assert.That(sync.ExitCode).IsEqualTo(0).Because(sync.All);
        await Assert.That(JsonSerializer.Deserialize(sync.Stdout.Trim().Split('\n')[^1], ReportJson.Default.SyncReport)!.Synced).IsEqualTo(expected);
        if (expected == 0)
            return; // nothing imported, so no archive for `sessions` to read
        await Assert.That(listed.ExitCode).IsEqualTo(0).Because(listed.All);
        await Assert.That(JsonDocument.Parse(listed.Stdout).RootElement.GetArrayLength()).IsEqualTo(expected);
    }

    [Test]
    public async Task Sync_since_still_takes_an_ISO_date_and_a_date_time()
    {
        using var home = new TestHome();
        var env = HomeWithHistory(home);

        var date = await PublishedBinary.RunAsync(["sync", "--since", DaysAgo(3), "--dry-run", "--json"], env);
        var withOffset = await PublishedBinary.RunAsync(["sync", "--since", DaysAgo(3) + "T13:00:00+02:00", "--dry-run", "--json"], env);

        await Assert.That(date.ExitCode).IsEqualTo(0).Because(date.All);
        await Assert.That(JsonSerializer.Deserialize(date.Stdout.Trim().Split('\n')[^1], ReportJson.Default.SyncReport)!.Synced).IsEqualTo(3);
        // 11:00 UTC, an hour before that day's session.
        await Assert.That(JsonSerializer.Deserialize(withOffset.Stdout.Trim().Split('\n')[^1], ReportJson.Default.SyncReport)!.Synced).IsEqualTo(3);
    }

    [Test]
    [Arguments("sync")]
    [Arguments("sessions")]
    [Arguments("stats")]
    [Arguments("export")]
    public async Task A_bad_since_is_the_same_usage_error_in_every_command(string command)
    {
        using var home = new TestHome();
        var env = HomeWithHistory(home);
        var imported = await PublishedBinary.RunAsync(["sync"], env);
        await Assert.That(imported.ExitCode).IsEqualTo(0).Because(imported.All);
        string[] args = command == "export"
            ? ["export", "--all", "--out", Path.Combine(home.Home, "out"), "--since", "soon"]
            : [command, "--since", "soon"];

        var r = await PublishedBinary.RunAsync(args, env);

        await Assert.That(r.ExitCode).IsEqualTo(ExitCodes.Usage);
        await Assert.That(r.Stderr.Trim()).IsEqualTo(
            $"opencode-sync {command}: --since 'soon' is not a date (e.g. 2026-01-31, 2026-01-31T12:00+01:00, today, yesterday, 7d or 2w)");
        await Assert.That(r.Stdout).IsEmpty();
    }
}
