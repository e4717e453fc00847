using OpenCodeSync.Archive;
using OpenCodeSync.Hosting;
using OpenCodeSync.Cli;
using OpenCodeSync.Text;

namespace OpenCodeSync.Tests.EndToEnd;

/// <summary>The pieces of "did you mean": distance, the nearest known word, option names read from help.</summary>
public class SuggestionTests
{
    private static readonly string[] Commands = ["login", "logout", "status", "config", "version", "setup", "verify",
        "logs", "hook", "deliver", "flush", "sync", "sessions", "show", "search", "export", "stats", "forget"];

    private const string RootHelp = """
        Usage: [command] [-h|--help] [--version]

        Commands:
          config          Show the configuration in force.
          config set      Set an option.
          flush           Send everything queued now.
          sessions        List archived sessions.

        """;

    [Test]
    public async Task Command_names_are_read_from_the_routers_root_help()
    {
        await Assert.That(CommandLine.IsRootHelp(RootHelp)).IsTrue();
        await Assert.That(CommandLine.CommandNames(RootHelp)).IsEquivalentTo(["config", "flush", "sessions"]);
        await Assert.That(CommandLine.IsRootHelp("Usage: sessions [options...] [-h|--help] [--version]")).IsFalse();
    }

    [Test]
    [Arguments("sync", "sync", 0)]
    [Arguments("sycn", "sync", 1)]
    [Arguments("sesions", "sessions", 1)]
    [Arguments("limt", "limit", 1)]
    [Arguments("abcd", "badc", 2)]
    [Arguments("ca", "abc", 3)]
    [Arguments("bogus", "json", 5)]
    public async Task A_swap_of_neighbours_is_one_edit(string a, string b, int expected) =>
        await Assert.That(EditDistance.Of(a, b)).IsEqualTo(expected);

    [Test]
    public async Task A_distance_over_the_limit_is_reported_as_limit_plus_one() =>
        await Assert.That(EditDistance.Of("sessions", "xyzzyxyz", 2)).IsEqualTo(3);

    [Test]
    [Arguments("sesions", "sessions")]
    [Arguments("sycn", "sync")]
    [Arguments("SESSIONS", "sessions")]
    [Arguments("stat", "stats")]
    [Arguments("--limt", "--limit")]
    [Arguments("--jsn", "--json")]
    public async Task A_close_typo_gets_the_nearest_word(string typed, string expected) =>
        await Assert.That(NearestWord.Find(typed, [.. Commands, "--limit", "--json", "--lines"])).IsEqualTo(expected);

    [Test]
    [Arguments("frobnicate")]
    [Arguments("x")]
    [Arguments("xyz")]
    [Arguments("--bogus")]
    [Arguments("--s")]
    public async Task A_far_off_word_gets_no_suggestion(string typed) =>
        await Assert.That(NearestWord.Find(typed, [.. Commands, "--limit", "--json", "--since", "--logs"])).IsNull();

    [Test]
    public async Task Option_names_come_from_the_options_section_only()
    {
        const string Help = """
            Usage: opencode-sync logs [options...] [-h|--help]

            Show the log --not-an-option of the hook.

            Arguments:
              [0] <string>    --neither (an argument's text).

            Options:
              --lines <int>    How many of the last lines to print. [Default: 50]
              -f, --follow     Keep printing lines, see --path.
              --dry-run|--dr   Two names.
            """;
        await Assert.That(HelpOptions.Parse(Help)).IsEquivalentTo(["--lines", "--follow", "--dry-run", "--dr"],
            TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    [Arguments("Argument '--limt' is not recognized.", "--limt")]
    [Arguments("Argument 'limit' failed to parse, provided value: x.", null)]
    [Arguments("Argument '' is not recognized.", null)]
    public async Task The_unknown_option_is_read_from_the_router_message(string message, string? option) =>
        await Assert.That(CommandLine.UnrecognizedOption(message)).IsEqualTo(option);

    [Test]
    [Arguments(new[] { "sessions", "--limt", "3" }, new[] { "sessions" })]
    [Arguments(new[] { "config", "set", "--x" }, new[] { "config", "set" })]
    [Arguments(new[] { "search", "some words", "--limt", "3" }, new[] { "search", "some words" })]
    [Arguments(new[] { "--bogus" }, new string[0])]
    public async Task The_command_words_stop_at_the_first_option(string[] args, string[] words) =>
        await Assert.That(CommandLine.CommandWords(args)).IsEquivalentTo(words, TUnit.Assertions.Enums.CollectionOrdering.Matching);
}
