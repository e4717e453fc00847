using OpenCodeSync.Commands;
using OpenCodeSync.Hosting;
using OpenCodeSync.Tests.Support;
using static OpenCodeSync.Tests.Archive.ArchiveKit;
using OpenCodeSync.Cli;

namespace OpenCodeSync.Tests.Archive;

/// <summary>Colour only on a terminal, and never with NO_COLOR set.</summary>
public class ColourTests
{
    public static IEnumerable<Func<Func<CliContext, int>>> Commands() =>
    [
        () => c => new SessionsCommand(c).Run(),
        () => c => new ShowCommand(c).Run(ToolSession),
        () => c => new SearchCommand(c).Run("hello"),
    ];

    [Test]
    [MethodDataSource(nameof(Commands))]
    public async Task A_terminal_gets_colour(Func<CliContext, int> command)
    {
        using var home = Home();
        var (_, console) = Run(home, command, terminal: true);

        await Assert.That(console.Stdout).Contains("\e[");
    }

    [Test]
    [MethodDataSource(nameof(Commands))]
    public async Task No_color_turns_it_off_even_on_a_terminal(Func<CliContext, int> command)
    {
        using var home = Home();
        home.Env.Vars[EnvVars.NoColor] = "1";
        var (_, colour) = Run(home, command, terminal: false);
        var (_, terminal) = Run(home, command, terminal: true);

        await Assert.That(terminal.Stdout).DoesNotContain("\e[");
        await Assert.That(terminal.Stdout).IsEqualTo(colour.Stdout);
    }

    [Test]
    public async Task Search_hits_are_coloured_instead_of_bracketed_on_a_terminal()
    {
        using var home = Home();
        var (_, console) = Run(home, c => new SearchCommand(c).Run("successfully"), terminal: true);

        await Assert.That(console.Stdout).Contains("\e[1;33msuccessfully\e[0m");
        await Assert.That(console.Stdout).DoesNotContain("«");
    }
}
