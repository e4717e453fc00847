using OpenCodeSync.Commands;
using OpenCodeSync.Hosting;
using OpenCodeSync.Tests.Support;
using OpenCodeSync.Cli;

namespace OpenCodeSync.Tests.EndToEnd;

/// <summary>The published binary answering a typo with the nearest command or option, and nothing when none is near.</summary>
public class DidYouMeanTests
{
    [Test]
    [Arguments("sesions", "sessions")]
    [Arguments("sycn", "sync")]
    [Arguments("stauts", "status")]
    public async Task A_misspelled_command_names_the_nearest_one(string typed, string meant)
    {
        using var home = new TestHome();
        var r = await PublishedBinary.RunAsync([typed, "--json"], home.ProcessEnvironment());

        await Assert.That(r.ExitCode).IsEqualTo(ExitCodes.Usage);
        await Assert.That(r.Stderr.Trim()).IsEqualTo($"opencode-sync: unknown command '{typed}'. Did you mean '{meant}'?");
        await Assert.That(r.Stdout).IsEmpty();
    }

    [Test]
    [Arguments(new[] { "sessions", "--limt", "3" }, "opencode-sync sessions: unknown option '--limt'. Did you mean --limit?")]
    [Arguments(new[] { "sync", "--dryrun" }, "opencode-sync sync: unknown option '--dryrun'. Did you mean --dry-run?")]
    [Arguments(new[] { "logs", "--folow" }, "opencode-sync logs: unknown option '--folow'. Did you mean --follow?")]
    [Arguments(new[] { "stats", "--sicne", "7d" }, "opencode-sync stats: unknown option '--sicne'. Did you mean --since?")]
    [Arguments(new[] { "status", "--jsn" }, "opencode-sync status: unknown option '--jsn'. Did you mean --json?")]
    [Arguments(new[] { "search", "some words", "--limt", "3" }, "opencode-sync search: unknown option '--limt'. Did you mean --limit?")]
    [Arguments(new[] { "sessions", "--lines", "3" }, "opencode-sync sessions: unknown option '--lines'. See 'opencode-sync sessions --help'.")]
    [Arguments(new[] { "sync", "--frobnicate" }, "opencode-sync sync: unknown option '--frobnicate'. See 'opencode-sync sync --help'.")]
    public async Task A_misspelled_option_names_the_nearest_option_of_that_command(string[] args, string expected)
    {
        using var home = new TestHome();
        var r = await PublishedBinary.RunAsync(args, home.ProcessEnvironment());

        await Assert.That(r.ExitCode).IsEqualTo(ExitCodes.Usage);
        await Assert.That(r.Stderr.Trim()).IsEqualTo(expected);
        // The help that was read for the option names stays out of the output.
        await Assert.That(r.Stdout).IsEmpty();
    }

    [Test]
    public async Task Export_options_after_an_id_are_the_ones_its_help_lists()
    {
        using var home = new TestHome();
        var r = await PublishedBinary.RunAsync(["export", "--help"], home.ProcessEnvironment());

        await Assert.That(r.ExitCode).IsEqualTo(0);
        await Assert.That(HelpOptions.Parse(r.Stdout).Where(o => o != "--help").Order(StringComparer.Ordinal).ToList())
            .IsEquivalentTo(ExportCommand.Options.Order(StringComparer.Ordinal).ToList(), TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }
}
