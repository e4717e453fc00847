using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.EndToEnd.RealOpenCode;

/// <summary>The plugin's own tests (src/plugin/test), run on Node and on Bun — OpenCode's runtime — from this suite so CI runs them.</summary>
public class PluginJsTests
{
    private static string[] TestFiles() =>
        [.. Directory.GetFiles(Path.Combine(RepoFiles.Root, "src", "plugin", "test"), "*.test.js").Order(StringComparer.Ordinal)];

    private static Dictionary<string, string> Env() => new(StringComparer.Ordinal)
    {
        ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
        ["HOME"] = Environment.GetEnvironmentVariable("HOME") ?? "/tmp",
        ["TMPDIR"] = Path.GetTempPath(),
    };

    [Test]
    public async Task Plugin_tests_pass_on_node()
    {
        var r = await ChildProcess.RunAsync("node", ["--test", .. TestFiles()], Env(), Path.Combine(RepoFiles.Root, "src", "plugin"), TimeSpan.FromMinutes(3));

        await Assert.That(r.ExitCode).IsEqualTo(0).Because(r.All);
        await Assert.That(r.Stdout).Contains("# fail 0");
    }

    [Test]
    [NotInParallel("real-opencode")]
    public async Task Plugin_tests_pass_on_bun_inside_the_opencode_binary()
    {
        // The opencode executable is a compiled Bun; BUN_BE_BUN=1 makes it behave as `bun` itself.
        var openCode = await OpenCodeWorld.InstalledAsync();
        var env = Env();
        env["BUN_BE_BUN"] = "1";

        var r = await ChildProcess.RunAsync(openCode, ["test", .. TestFiles()], env, Path.Combine(RepoFiles.Root, "src", "plugin"), TimeSpan.FromMinutes(3));

        await Assert.That(r.ExitCode).IsEqualTo(0).Because(r.All);
        await Assert.That(r.All).Contains(" 0 fail");
    }
}
