using OpenCodeSync.Commands;
using OpenCodeSync.Config;
using OpenCodeSync.Tests.Support;
using Server = OpenSync.ContractServer.ContractServer;

namespace OpenCodeSync.Tests.Setup;

public class VerifyCommandTests
{
    [Test]
    public async Task Every_check_passes_when_everything_is_in_place()
    {
        await using var server = await Server.StartAsync();
        using var home = new TestHome();
        new ConfigStore(home.Paths).Save(new ConfigFile { ConvexUrl = server.BaseAddress.ToString(), ApiKey = Server.DefaultApiKey });
        new SetupCommand(home.Context(new FakeConsole())).Run();
        var bin = FakeBinary(home);
        home.Env.Vars["PATH"] = "/nonexistent";
        var console = new FakeConsole();

        var code = await new VerifyCommand(home.Context(console)).RunAsync();

        await Assert.That(code).IsEqualTo(0).Because(console.All);
        await Assert.That(console.Stdout.Split('\n').Count(l => l.StartsWith('✓'))).IsEqualTo(5);
        await Assert.That(console.Stdout).Contains($"✓ plugin       opencode-sync-plugin {VersionCommand.Current().Version} in ");
        await Assert.That(console.Stdout).Contains($"will run {bin} (found via the plugin file written by setup)");
        await Assert.That(console.Stdout).Contains("All checks passed: OpenCode sessions will sync.");
        await Assert.That(console.All).DoesNotContain(Server.DefaultApiKey);
    }

    private static string FakeBinary(TestHome home)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(home.Executable)!);
        File.WriteAllText(home.Executable, "#!/bin/sh\n");
        File.SetUnixFileMode(home.Executable, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        return home.Executable;
    }

    [Test]
    public async Task Nothing_set_up_fails_what_recording_needs_and_says_what_to_run()
    {
        using var home = new TestHome();
        home.Env.Vars["PATH"] = "/nonexistent";
        var console = new FakeConsole();

        var code = await new VerifyCommand(home.Context(console)).RunAsync();

        await Assert.That(code).IsEqualTo(1);
        await Assert.That(console.Stdout).Contains("• account      none: local only");
        await Assert.That(console.Stdout).Contains("✗ plugin       not installed: run 'opencode-sync setup'");
        await Assert.That(console.Stdout).Contains("✗ binary");
        await Assert.That(console.Stdout).Contains("OPENCODE_SYNC_BIN=");
        await Assert.That(console.Stdout).Contains("2 checks failed");
    }

    [Test]
    public async Task Local_only_is_a_state_that_passes_and_backend_makes_an_account_required()
    {
        using var home = new TestHome();
        new SetupCommand(home.Context(new FakeConsole())).Run();
        FakeBinary(home);
        var console = new FakeConsole();

        var code = await new VerifyCommand(home.Context(console)).RunAsync();

        await Assert.That(code).IsEqualTo(0).Because(console.All);
        await Assert.That(console.Stdout).Contains("All checks passed: OpenCode sessions will be kept in the local archive (local only: nothing is sent).");
        await Assert.That(console.Stdout).DoesNotContain("✗");

        var required = new FakeConsole();
        var strict = await new VerifyCommand(home.Context(required)).RunAsync(backend: true);
        await Assert.That(strict).IsEqualTo(1);
        await Assert.That(required.Stdout).Contains("✗ credentials  missing: run 'opencode-sync login'");
        await Assert.That(required.Stdout).Contains("✗ backend      not checked");
        await Assert.That(required.Stdout).Contains("2 checks failed");
    }

    [Test]
    public async Task A_plugin_of_another_version_or_with_changed_modules_fails_and_setup_mends_it()
    {
        using var home = new TestHome();
        new SetupCommand(home.Context(new FakeConsole())).Run();
        FakeBinary(home);
        var entry = Path.Combine(home.Paths.OpenCodeConfigDir, "plugin", "opencode-sync.js");
        await File.WriteAllTextAsync(entry, OpenCodeSync.PluginInstall.PluginEntryFile.Render(new("0.0.1", home.Executable)));

        var old = new FakeConsole();
        await Assert.That(await new VerifyCommand(home.Context(old)).RunAsync()).IsEqualTo(1);
        await Assert.That(old.Stdout).Contains($"✗ plugin       {entry} is version 0.0.1 but this binary is {VersionCommand.Current().Version}: run 'opencode-sync setup'");

        new SetupCommand(home.Context(new FakeConsole())).Run();
        await File.AppendAllTextAsync(Path.Combine(home.Paths.OpenCodeConfigDir, "plugin", "opencode-sync", "lib", "batcher.js"), "// edited\n");
        var edited = new FakeConsole();
        await Assert.That(await new VerifyCommand(home.Context(edited)).RunAsync()).IsEqualTo(1);
        await Assert.That(edited.Stdout).Contains("differ from this binary's copy or are missing: run 'opencode-sync setup'");

        new SetupCommand(home.Context(new FakeConsole())).Run();
        var mended = new FakeConsole();
        await Assert.That(await new VerifyCommand(home.Context(mended)).RunAsync()).IsEqualTo(0).Because(mended.All);
    }

    [Test]
    public async Task A_plugin_loaded_two_ways_fails()
    {
        using var home = new TestHome();
        new SetupCommand(home.Context(new FakeConsole())).Run(project: true);
        new SetupCommand(home.Context(new FakeConsole())).Run();
        FakeBinary(home);
        var console = new FakeConsole();

        await Assert.That(await new VerifyCommand(home.Context(console)).RunAsync()).IsEqualTo(1);
        await Assert.That(console.Stdout).Contains("✗ plugin       installed 2 times");
    }

    [Test]
    public async Task A_refused_key_and_a_broken_OPENCODE_SYNC_BIN_are_named()
    {
        await using var server = await Server.StartAsync();
        using var home = new TestHome();
        new ConfigStore(home.Paths).Save(new ConfigFile { ConvexUrl = server.BaseAddress.ToString(), ApiKey = "osk_NotTheRightKeyNotTheRightKey00" });
        home.Env.Vars["OPENCODE_SYNC_BIN"] = "/nonexistent/opencode-sync";
        var console = new FakeConsole();

        var code = await new VerifyCommand(home.Context(console)).RunAsync();

        await Assert.That(code).IsEqualTo(1);
        await Assert.That(console.Stdout).Contains("✓ credentials");
        await Assert.That(console.Stdout).Contains("✗ backend      the key was refused");
        await Assert.That(console.Stdout).Contains("$OPENCODE_SYNC_BIN=/nonexistent/opencode-sync is not an executable file");
    }

    [Test]
    public async Task The_platform_package_next_to_a_registered_plugin_path_is_found()
    {
        using var home = new TestHome();
        var plugin = Path.Combine(home.Home, "proj", "node_modules", "opencode-sync-plugin");
        Directory.CreateDirectory(plugin);
        var bin = Path.Combine(home.Home, "proj", "node_modules", OpenCodeSync.PluginInstall.BinaryLocator.PlatformPackage(), "bin", "opencode-sync");
        Directory.CreateDirectory(Path.GetDirectoryName(bin)!);
        await File.WriteAllTextAsync(bin, "#!/bin/sh\n");
        File.SetUnixFileMode(bin, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var found = OpenCodeSync.PluginInstall.BinaryLocator.Find(home.Env, Path.Combine(plugin, "index.js"), Path.Combine(home.Home, ".cache", "opencode"));

        await Assert.That(found.Path).IsEqualTo(bin);
        await Assert.That(found.How).StartsWith("npm package opencode-sync-");
    }
}
