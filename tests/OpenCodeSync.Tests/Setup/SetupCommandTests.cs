using OpenCodeSync.Commands;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Setup;

/// <summary>setup --npm / --plugin: the opencode.json registration (the default, a plugin file, is in PluginFileSetupTests).</summary>
public class SetupCommandTests
{
    private static (int Code, FakeConsole Console) Run(TestHome home, bool project = false, bool uninstall = false, string? plugin = null, bool npm = true)
    {
        var console = new FakeConsole();
        var code = new SetupCommand(home.Context(console)).Run(project, npm, uninstall, plugin);
        return (code, console);
    }

    private static string GlobalDir(TestHome home) => Path.Combine(home.Home, ".config", "opencode");

    [Test]
    public async Task Creates_the_global_config_with_schema_when_missing()
    {
        using var home = new TestHome();

        var (code, console) = Run(home);

        var file = Path.Combine(GlobalDir(home), "opencode.json");
        await Assert.That(code).IsEqualTo(0);
        await Assert.That(console.Stdout).Contains($"Created {file}");
        var text = await File.ReadAllTextAsync(file);
        await Assert.That(text).Contains("\"$schema\": \"https://opencode.ai/config.json\"");
        await Assert.That(Jsonc.Plugins(text)).IsEquivalentTo(["opencode-sync-plugin"]);
    }

    [Test]
    public async Task An_empty_config_file_is_filled_in()
    {
        using var home = new TestHome();
        Directory.CreateDirectory(GlobalDir(home));
        var file = Path.Combine(GlobalDir(home), "opencode.json");
        await File.WriteAllTextAsync(file, "\n");

        var (code, _) = Run(home);

        await Assert.That(code).IsEqualTo(0);
        await Assert.That(Jsonc.Plugins(await File.ReadAllTextAsync(file))).IsEquivalentTo(["opencode-sync-plugin"]);
    }

    [Test]
    public async Task Respects_OPENCODE_CONFIG_DIR_then_XDG_CONFIG_HOME()
    {
        using var home = new TestHome();
        home.Env.Vars["XDG_CONFIG_HOME"] = Path.Combine(home.Home, "xdg");
        Run(home);
        home.Env.Vars["OPENCODE_CONFIG_DIR"] = Path.Combine(home.Home, "oc");
        Run(home);

        await Assert.That(File.Exists(Path.Combine(home.Home, "xdg", "opencode", "opencode.json"))).IsTrue();
        await Assert.That(File.Exists(Path.Combine(home.Home, "oc", "opencode.json"))).IsTrue();
    }

    [Test]
    public async Task Edits_opencode_jsonc_when_it_exists_and_is_idempotent()
    {
        using var home = new TestHome();
        Directory.CreateDirectory(GlobalDir(home));
        var jsonc = Path.Combine(GlobalDir(home), "opencode.jsonc");
        await File.WriteAllTextAsync(jsonc, "{\n  // keep me\n  \"theme\": \"dark\",\n}\n");
        File.SetUnixFileMode(jsonc, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var first = Run(home);
        var afterFirst = await File.ReadAllTextAsync(jsonc);
        var second = Run(home);

        await Assert.That(first.Code).IsEqualTo(0);
        await Assert.That(File.Exists(Path.Combine(GlobalDir(home), "opencode.json"))).IsFalse();
        await Assert.That(afterFirst).Contains("// keep me");
        await Assert.That(Jsonc.Plugins(afterFirst)).IsEquivalentTo(["opencode-sync-plugin"]);
        await Assert.That(second.Code).IsEqualTo(0);
        await Assert.That(second.Console.Stdout).Contains("Already registered");
        await Assert.That(await File.ReadAllTextAsync(jsonc)).IsEqualTo(afterFirst);
        await Assert.That(File.GetUnixFileMode(jsonc)).IsEqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
    }

    [Test]
    public async Task Project_flag_edits_the_projects_file_and_plugin_flag_registers_an_absolute_path()
    {
        using var home = new TestHome();
        var checkout = Path.Combine(home.Home, "dev", "sync-plugin");
        Directory.CreateDirectory(checkout);
        await File.WriteAllTextAsync(Path.Combine(checkout, "package.json"), """{"name": "opencode-sync-plugin"}""");
        await File.WriteAllTextAsync(Path.Combine(checkout, "index.js"), "");

        var (code, _) = Run(home, project: true, plugin: "../dev/sync-plugin/index.js");

        await Assert.That(code).IsEqualTo(0);
        var text = await File.ReadAllTextAsync(Path.Combine(home.Project, "opencode.json"));
        await Assert.That(Jsonc.Plugins(text)).IsEquivalentTo([Path.Combine(checkout, "index.js")]);
        await Assert.That(Directory.Exists(GlobalDir(home))).IsFalse();
    }

    [Test]
    public async Task Uninstall_removes_only_our_entry()
    {
        using var home = new TestHome();
        Directory.CreateDirectory(GlobalDir(home));
        var file = Path.Combine(GlobalDir(home), "opencode.json");
        await File.WriteAllTextAsync(file, "{\n  \"plugin\": [\n    \"other\", // theirs\n    \"opencode-sync-plugin@1.0.0\"\n  ]\n}\n");

        var (code, console) = Run(home, uninstall: true);
        var again = Run(home, uninstall: true);

        await Assert.That(code).IsEqualTo(0);
        await Assert.That(console.Stdout).Contains("Removed");
        await Assert.That(await File.ReadAllTextAsync(file)).IsEqualTo("{\n  \"plugin\": [\n    \"other\" // theirs\n  ]\n}\n");
        await Assert.That(again.Console.Stdout).Contains("nothing to remove");
    }

    [Test]
    [Arguments("{ \"plugin\": ")]
    [Arguments("{ \"plugin\": \"opencode-other\" }")]
    public async Task A_file_it_cannot_edit_safely_is_left_alone_with_exit_74(string content)
    {
        using var home = new TestHome();
        Directory.CreateDirectory(GlobalDir(home));
        var file = Path.Combine(GlobalDir(home), "opencode.json");
        await File.WriteAllTextAsync(file, content);

        var (code, console) = Run(home);

        await Assert.That(code).IsEqualTo(74);
        await Assert.That(console.Stderr).Contains(file);
        await Assert.That(await File.ReadAllTextAsync(file)).IsEqualTo(content);
    }

    [Test]
    public async Task A_plugin_spec_that_is_not_ours_is_a_usage_error()
    {
        using var home = new TestHome();

        var (code, console) = Run(home, plugin: "some-other-plugin");

        await Assert.That(code).IsEqualTo(64);
        await Assert.That(console.Stderr).Contains("is not our plugin");
    }
}
