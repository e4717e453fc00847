using OpenCodeSync.Commands;
using OpenCodeSync.OpenCode;
using OpenCodeSync.Tests.EndToEnd.RealOpenCode;
using OpenCodeSync.Tests.Support;
using OpenCodeSync.PluginInstall;

namespace OpenCodeSync.Tests.Setup;

/// <summary>The default setup: this binary's own copy of the plugin written into OpenCode's plugin folder.</summary>
public class PluginFileSetupTests
{
    private const UnixFileMode Mode644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private static (int Code, FakeConsole Console) Setup(TestHome home, bool project = false, bool npm = false, bool uninstall = false)
    {
        var console = new FakeConsole();
        var code = new SetupCommand(home.Context(console)).Run(project, npm, uninstall);
        return (code, console);
    }

    private static string GlobalDir(TestHome home) => Path.Combine(home.Home, ".config", "opencode");
    private static string Entry(TestHome home, string folder = "plugin") => Path.Combine(GlobalDir(home), folder, "opencode-sync.js");
    private static string Version => VersionCommand.Current().Version;

    [Test]
    public async Task Writes_the_entry_and_its_modules_into_the_global_plugin_folder_and_nothing_into_opencode_json()
    {
        using var home = new TestHome();

        var (code, console) = Setup(home);

        await Assert.That(code).IsEqualTo(0).Because(console.All);
        await Assert.That(console.Stdout).Contains($"Installed the plugin (opencode-sync-plugin {Version}) as {Entry(home)}.");
        await Assert.That(console.Stdout).Contains($"It runs {home.Executable}.");
        var text = await File.ReadAllTextAsync(Entry(home));
        await Assert.That(text.Split('\n')[0]).IsEqualTo($"// opencode-sync-plugin {Version}: written by 'opencode-sync setup', which replaces it on every run;");
        await Assert.That(PluginEntryFile.Parse(text)).IsEqualTo(new PluginEntry(Version, home.Executable));
        await Assert.That(File.Exists(Path.Combine(GlobalDir(home), "opencode.json"))).IsFalse();
        await Assert.That(File.GetUnixFileMode(Entry(home))).IsEqualTo(Mode644);
        foreach (var f in Directory.GetFiles(Path.Combine(GlobalDir(home), "plugin", "opencode-sync"), "*", SearchOption.AllDirectories))
        {
            await Assert.That(File.GetUnixFileMode(f)).IsEqualTo(Mode644).Because(f);
        }

        // Nothing else lands in the folder OpenCode loads every *.js of: no temporary file, no second module.
        await Assert.That(Directory.GetFileSystemEntries(Path.Combine(GlobalDir(home), "plugin")).Select(p => Path.GetFileName(p)!))
            .IsEquivalentTo(["opencode-sync.js", "opencode-sync"]);
    }

    [Test]
    public async Task The_modules_written_are_the_repository_plugin_sources_byte_for_byte()
    {
        using var home = new TestHome();
        Setup(home);

        var source = Path.Combine(RepoFiles.Root, "src", "plugin");
        string[] expected = ["index.js", .. Directory.GetFiles(Path.Combine(source, "lib"), "*.js").Select(f => "lib/" + Path.GetFileName(f))];
        var written = Path.Combine(GlobalDir(home), "plugin", "opencode-sync");
        foreach (var rel in expected)
        {
            await Assert.That(await File.ReadAllBytesAsync(Path.Combine(written, rel))).IsEquivalentTo(await File.ReadAllBytesAsync(Path.Combine(source, rel))).Because(rel);
        }

        await Assert.That(await File.ReadAllTextAsync(Path.Combine(written, "package.json"))).Contains($"\"version\":\"{Version}\"");
    }

    [Test]
    public async Task A_second_run_changes_nothing_and_says_so()
    {
        using var home = new TestHome();
        Setup(home);
        var before = await File.ReadAllTextAsync(Entry(home));
        var stamp = File.GetLastWriteTimeUtc(Entry(home));

        var (code, console) = Setup(home);

        await Assert.That(code).IsEqualTo(0);
        await Assert.That(console.Stdout).Contains("is already this binary's");
        await Assert.That(console.Stdout).DoesNotContain("Restart OpenCode");
        await Assert.That(await File.ReadAllTextAsync(Entry(home))).IsEqualTo(before);
        await Assert.That(File.GetLastWriteTimeUtc(Entry(home))).IsEqualTo(stamp);
    }

    [Test]
    public async Task An_older_copy_is_replaced_and_the_versions_are_named()
    {
        using var home = new TestHome();
        Setup(home);
        await File.WriteAllTextAsync(Entry(home), PluginEntryFile.Render(new PluginEntry("0.0.1", "/old/opencode-sync")));
        await File.WriteAllTextAsync(Path.Combine(GlobalDir(home), "plugin", "opencode-sync", "lib", "plugin.js"), "// stale\n");

        var (code, console) = Setup(home);

        await Assert.That(code).IsEqualTo(0);
        await Assert.That(console.Stdout).Contains($"Updated the plugin at {Entry(home)} from 0.0.1 to {Version}.");
        await Assert.That(PluginEntryFile.Parse(await File.ReadAllTextAsync(Entry(home)))).IsEqualTo(new PluginEntry(Version, home.Executable));
        await Assert.That(await File.ReadAllTextAsync(Path.Combine(GlobalDir(home), "plugin", "opencode-sync", "lib", "plugin.js"))).DoesNotContain("stale");
    }

    [Test]
    public async Task Uses_plugins_when_that_is_the_users_folder_and_keeps_one_copy_only()
    {
        using var home = new TestHome();
        Directory.CreateDirectory(Path.Combine(GlobalDir(home), "plugins"));
        Setup(home);
        await Assert.That(File.Exists(Entry(home, "plugins"))).IsTrue();
        await Assert.That(Directory.Exists(Path.Combine(GlobalDir(home), "plugin"))).IsFalse();

        // A copy in both folders (by hand, or an older tool) would load twice: the second one goes.
        Directory.CreateDirectory(Path.Combine(GlobalDir(home), "plugin"));
        File.Copy(Entry(home, "plugins"), Entry(home, "plugin"));
        Setup(home);

        await Assert.That(File.Exists(Entry(home, "plugin"))).IsTrue();
        await Assert.That(File.Exists(Entry(home, "plugins"))).IsFalse();
        await Assert.That(Directory.Exists(Path.Combine(GlobalDir(home), "plugins", "opencode-sync"))).IsFalse();
    }

    [Test]
    public async Task An_npm_entry_left_by_an_earlier_setup_is_removed_and_other_plugins_kept()
    {
        using var home = new TestHome();
        Directory.CreateDirectory(GlobalDir(home));
        var config = Path.Combine(GlobalDir(home), "opencode.json");
        await File.WriteAllTextAsync(config, "{\n  \"plugin\": [\"other\", \"opencode-sync-plugin\"]\n}\n");

        var (code, console) = Setup(home);

        await Assert.That(code).IsEqualTo(0);
        await Assert.That(console.Stdout).Contains($"Removed the plugin entry from {config}: the plugin file replaces it.");
        await Assert.That(Jsonc.Plugins(await File.ReadAllTextAsync(config))).IsEquivalentTo(["other"]);
    }

    [Test]
    public async Task Npm_replaces_the_file_and_uninstall_removes_whichever_is_there()
    {
        using var home = new TestHome();
        Setup(home);

        var npm = Setup(home, npm: true);
        await Assert.That(npm.Console.Stdout).Contains($"Removed the plugin file {Entry(home)}");
        await Assert.That(Directory.Exists(Path.Combine(GlobalDir(home), "plugin", "opencode-sync"))).IsFalse();
        await Assert.That(Jsonc.Plugins(await File.ReadAllTextAsync(Path.Combine(GlobalDir(home), "opencode.json")))).IsEquivalentTo(["opencode-sync-plugin"]);

        Setup(home);
        var (code, console) = Setup(home, uninstall: true);
        await Assert.That(code).IsEqualTo(0);
        await Assert.That(console.Stdout).Contains($"Removed the plugin file {Entry(home)}.");
        await Assert.That(File.Exists(Entry(home))).IsFalse();
        await Assert.That(Directory.GetFileSystemEntries(Path.Combine(GlobalDir(home), "plugin"))).IsEmpty();
        await Assert.That(Setup(home, uninstall: true).Console.Stdout).Contains("nothing to remove");
    }

    [Test]
    public async Task Project_installs_under_the_projects_opencode_folder()
    {
        using var home = new TestHome();

        var (code, _) = Setup(home, project: true);

        await Assert.That(code).IsEqualTo(0);
        await Assert.That(File.Exists(Path.Combine(home.Project, ".opencode", "plugin", "opencode-sync.js"))).IsTrue();
        await Assert.That(Directory.Exists(GlobalDir(home))).IsFalse();
    }

    [Test]
    public async Task A_folder_it_cannot_write_is_one_clear_line_and_exit_74()
    {
        using var home = new TestHome();
        Directory.CreateDirectory(GlobalDir(home));
        await File.WriteAllTextAsync(Path.Combine(GlobalDir(home), "plugin"), "a file where the folder should be");

        var (code, console) = Setup(home);

        await Assert.That(code).IsEqualTo(74);
        await Assert.That(console.Stderr).StartsWith($"opencode-sync setup: cannot write the plugin under {GlobalDir(home)}:");
        await Assert.That(console.Stderr.Trim().Split('\n').Length).IsEqualTo(1);
    }

    /// <summary>The written file is a working plugin: Node loads it (OpenCode's Bun does so in RealOpenCodeTests) and it hands events to the binary it names.</summary>
    [Test]
    public async Task The_written_entry_loads_in_node_and_runs_the_pinned_binary()
    {
        using var home = new TestHome();
        var received = Path.Combine(home.Home, "received.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(home.Executable)!);
        await File.WriteAllTextAsync(home.Executable, $"#!/bin/sh\n[ \"$1\" = hook ] || exit 64\ncat >> '{received}'\n");
        File.SetUnixFileMode(home.Executable, Mode644 | UnixFileMode.UserExecute);
        Setup(home);
        var script = $$"""
            const m = await import({{System.Text.Json.JsonSerializer.Serialize(new Uri(Entry(home)).AbsoluteUri)}});
            if (Object.keys(m).length !== 1) throw new Error("exports: " + Object.keys(m));
            const hooks = await Object.values(m)[0]({});
            await hooks.event({ event: { id: "evt_1", type: "session.idle", properties: { sessionID: "ses_1" } } });
            await hooks.dispose();
            """;
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin", ["HOME"] = home.Home };

        var r = await ChildProcess.RunAsync("node", ["--experimental-detect-module", "--input-type=module", "-e", script], env, home.Project, TimeSpan.FromSeconds(60));

        await Assert.That(r.ExitCode).IsEqualTo(0).Because(r.All);
        var ok = await ChildProcess.UntilAsync(() => File.Exists(received) && File.ReadAllText(received).Contains("\"evt_1\"", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        await Assert.That(ok).IsTrue().Because("the pinned binary never received the event");
    }
}
