using OpenCodeSync.Commands;
using OpenCodeSync.Config;
using OpenCodeSync.Tests.Support;
using Server = OpenSync.ContractServer.ContractServer;

namespace OpenCodeSync.Tests.Setup;

public class VerifyCommandTests
{
    [Test]
    public async Task All_four_checks_pass_when_everything_is_in_place()
    {
        await using var server = await Server.StartAsync();
        using var home = new TestHome();
        new ConfigStore(home.Paths).Save(new ConfigFile { ConvexUrl = server.BaseAddress.ToString(), ApiKey = Server.DefaultApiKey });
        new SetupCommand(home.Context(new FakeConsole())).Run();
        var bin = Path.Combine(home.Home, "bin", "opencode-sync");
        Directory.CreateDirectory(Path.GetDirectoryName(bin)!);
        await File.WriteAllTextAsync(bin, "#!/bin/sh\n");
        File.SetUnixFileMode(bin, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        home.Env.Vars["PATH"] = Path.GetDirectoryName(bin)!;
        var console = new FakeConsole();

        var code = await new VerifyCommand(home.Context(console)).RunAsync();

        await Assert.That(code).IsEqualTo(0);
        await Assert.That(console.Stdout.Split('\n').Count(l => l.StartsWith('✓'))).IsEqualTo(4);
        await Assert.That(console.Stdout).Contains($"will run {bin} (found via PATH)");
        await Assert.That(console.All).DoesNotContain(Server.DefaultApiKey);
    }

    [Test]
    public async Task Nothing_set_up_fails_every_check_and_says_what_to_run()
    {
        using var home = new TestHome();
        home.Env.Vars["PATH"] = "/nonexistent";
        var console = new FakeConsole();

        var code = await new VerifyCommand(home.Context(console)).RunAsync();

        await Assert.That(code).IsEqualTo(1);
        await Assert.That(console.Stdout).Contains("✗ credentials  missing: run 'opencode-sync login'");
        await Assert.That(console.Stdout).Contains("✗ plugin");
        await Assert.That(console.Stdout).Contains("run 'opencode-sync setup'");
        await Assert.That(console.Stdout).Contains("✗ binary");
        await Assert.That(console.Stdout).Contains("OPENCODE_SYNC_BIN=");
        await Assert.That(console.Stdout).Contains("4 checks failed");
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
        var bin = Path.Combine(home.Home, "proj", "node_modules", OpenCodeSync.OpenCode.BinaryLocator.PlatformPackage(), "bin", "opencode-sync");
        Directory.CreateDirectory(Path.GetDirectoryName(bin)!);
        await File.WriteAllTextAsync(bin, "#!/bin/sh\n");
        File.SetUnixFileMode(bin, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var found = OpenCodeSync.OpenCode.BinaryLocator.Find(home.Env, Path.Combine(plugin, "index.js"), Path.Combine(home.Home, ".cache", "opencode"));

        await Assert.That(found.Path).IsEqualTo(bin);
        await Assert.That(found.How).StartsWith("npm package opencode-sync-");
    }
}
