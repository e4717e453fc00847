using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.EndToEnd;

/// <summary>The published binary's command-line surface, without a backend.</summary>
public class CliSurfaceTests
{
    [Test]
    public async Task Version_names_version_commit_and_platform()
    {
        using var home = new TestHome();
        var r = await PublishedBinary.RunAsync(["--version"], home.ProcessEnvironment());
        await Assert.That(r.ExitCode).IsEqualTo(0);
        await Assert.That(r.Stdout).Matches(@"^opencode-sync \d+\.\d+\.\d+\S* \(commit ([0-9a-f]{7,}|unknown), linux-(musl-)?(x64|arm64)\)\s*$");
    }

    /// <summary>
    /// Every [Command] method of the assembly, read by reflection: a command class whose <c>app.Add&lt;T&gt;()</c> line
    /// is missing from Program.cs is not in the router's help, and so fails both tests below.
    /// </summary>
    public static IEnumerable<string> DeclaredCommands() => Declared(includeHidden: true);

    /// <summary>The declared commands that are not [Hidden] (background <c>deliver</c> is routed but not listed).</summary>
    public static IEnumerable<string> ListedCommands() => Declared(includeHidden: false);

    private static IEnumerable<string> Declared(bool includeHidden) =>
        typeof(OpenCodeSync.Cli.CliContext).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.DeclaredOnly))
            .Where(m => includeHidden || m.CustomAttributes.All(a => a.AttributeType.FullName != "ConsoleAppFramework.HiddenAttribute"))
            .SelectMany(m => m.CustomAttributes)
            .Where(a => a.AttributeType.FullName == "ConsoleAppFramework.CommandAttribute")
            .Select(a => (string)a.ConstructorArguments[0].Value!)
            .Order(StringComparer.Ordinal);

    [Test]
    public async Task The_assembly_declares_the_commands_the_readme_documents()
    {
        await Assert.That(DeclaredCommands().Count()).IsGreaterThanOrEqualTo(20);
        await Assert.That(DeclaredCommands()).Contains("config set");
        await Assert.That(DeclaredCommands()).Contains("deliver");
        await Assert.That(ListedCommands()).DoesNotContain("deliver");
    }

    [Test]
    public async Task Help_lists_every_command()
    {
        using var home = new TestHome();
        var r = await PublishedBinary.RunAsync(["--help"], home.ProcessEnvironment());
        await Assert.That(r.ExitCode).IsEqualTo(0);
        foreach (var command in ListedCommands())
        {
            await Assert.That(r.Stdout).Contains($"  {command} ");
        }
    }

    [Test]
    [MethodDataSource(nameof(DeclaredCommands))]
    public async Task Every_command_has_help(string command)
    {
        using var home = new TestHome();
        var r = await PublishedBinary.RunAsync([.. command.Split(' '), "--help"], home.ProcessEnvironment());
        await Assert.That(r.ExitCode).IsEqualTo(0);
        await Assert.That(r.Stdout).Contains($"Usage: opencode-sync {command} ");
        await Assert.That(r.Stdout).DoesNotContain("[--version]");
        await Assert.That(r.Stdout).DoesNotContain("[Default: null]");
        await Assert.That(r.Stdout).DoesNotContain("@\"");
    }

    [Test]
    [Arguments("--hlep", "opencode-sync: unknown option '--hlep'. Did you mean --help?")]
    [Arguments("frobnicate --help", "opencode-sync: unknown command 'frobnicate'. Run 'opencode-sync --help' to see the commands.")]
    public async Task What_the_router_has_no_command_for_is_a_usage_error(string line, string message)
    {
        using var home = new TestHome();
        var r = await PublishedBinary.RunAsync(line.Split(' '), home.ProcessEnvironment());
        await Assert.That(r.ExitCode).IsEqualTo(64);
        await Assert.That(r.Stderr.Trim()).IsEqualTo(message);
        await Assert.That(r.Stdout).IsEqualTo("");
    }

    [Test]
    public async Task Unknown_command_fails_with_one_line()
    {
        using var home = new TestHome();
        var r = await PublishedBinary.RunAsync(["frobnicate"], home.ProcessEnvironment());
        await Assert.That(r.ExitCode).IsEqualTo(64);
        await Assert.That(r.Stderr.Trim()).IsEqualTo("opencode-sync: unknown command 'frobnicate'. Run 'opencode-sync --help' to see the commands.");
        await Assert.That(r.Stdout).IsEqualTo("");
    }

    [Test]
    public async Task Unknown_flag_fails_non_zero_without_a_stack_trace()
    {
        using var home = new TestHome();
        var r = await PublishedBinary.RunAsync(["status", "--jsn"], home.ProcessEnvironment());
        await Assert.That(r.ExitCode).IsNotEqualTo(0);
        await Assert.That(r.All).Contains("--jsn");
        await Assert.That(r.All).DoesNotContain("   at ");
    }

    [Test]
    [Arguments("status")]
    [Arguments("config")]
    [Arguments("logout")]
    public async Task Corrupt_config_is_one_clear_line(string command)
    {
        using var home = new TestHome();
        Directory.CreateDirectory(Path.GetDirectoryName(home.ConfigFile)!);
        await File.WriteAllTextAsync(home.ConfigFile, "{ not json");

        var r = await PublishedBinary.RunAsync([command], home.ProcessEnvironment());

        await Assert.That(r.ExitCode).IsEqualTo(74);
        await Assert.That(r.Stderr).Contains($"{home.ConfigFile} is not valid JSON");
        await Assert.That(r.Stderr.Trim().Split('\n').Length).IsEqualTo(1);
        await Assert.That(r.All).DoesNotContain("   at ");
    }

    [Test]
    [Arguments("sessions", "--limit", "x", "opencode-sync sessions: Argument 'limit' failed to parse, provided value: x. See 'opencode-sync sessions --help'.")]
    [Arguments("status", "--bogus", null, "opencode-sync status: unknown option '--bogus'. See 'opencode-sync status --help'.")]
    public async Task A_command_line_the_router_cannot_parse_is_a_usage_error(string command, string option, string? value, string expected)
    {
        using var home = new TestHome();
        string[] args = value is null ? [command, option] : [command, option, value];

        var r = await PublishedBinary.RunAsync(args, home.ProcessEnvironment());

        await Assert.That(r.ExitCode).IsEqualTo(64);
        await Assert.That(r.Stderr.Trim()).IsEqualTo(expected);
        await Assert.That(r.Stdout).IsEmpty();
    }

    [Test]
    public async Task Status_without_config_exits_1_and_mentions_legacy_credentials()
    {
        using var home = new TestHome();
        Directory.CreateDirectory(Path.Combine(home.Home, ".opensync"));
        await File.WriteAllTextAsync(Path.Combine(home.Home, ".opensync", "credentials.json"), """{"convexUrl":"https://x.convex.cloud","apiKey":"osk_legacylegacy12"}""");

        var r = await PublishedBinary.RunAsync(["status"], home.ProcessEnvironment());

        await Assert.That(r.ExitCode).IsEqualTo(1);
        await Assert.That(r.Stdout).Contains("Local only — run `opencode-sync login` to sync");
        await Assert.That(r.Stdout).Contains(".opensync/credentials.json");
        await Assert.That(r.All).DoesNotContain("legacylegacy12");
    }

    [Test]
    public async Task Config_set_and_unset_persist_through_the_binary()
    {
        using var home = new TestHome();
        var env = home.ProcessEnvironment();

        var set = await PublishedBinary.RunAsync(["config", "set", "sync.reasoning", "false"], env);
        var shown = await PublishedBinary.RunAsync(["config", "--json"], env);
        var unset = await PublishedBinary.RunAsync(["config", "unset", "sync.reasoning"], env);
        var after = await PublishedBinary.RunAsync(["config"], env);

        await Assert.That(set.ExitCode).IsEqualTo(0);
        await Assert.That(shown.Stdout).Contains("\"value\": \"off\",\n      \"source\": \"file\"");
        await Assert.That(unset.ExitCode).IsEqualTo(0);
        await Assert.That(after.Stdout).Matches(@"sync\.reasoning\s+on\s+default");
    }

    [Test]
    public async Task Config_set_of_an_unknown_option_lists_the_known_ones()
    {
        using var home = new TestHome();
        var r = await PublishedBinary.RunAsync(["config", "set", "colour", "blue"], home.ProcessEnvironment());
        await Assert.That(r.ExitCode).IsEqualTo(64);
        await Assert.That(r.Stderr).Contains("unknown option 'colour'. Known options: sync.reasoning");
    }
}
