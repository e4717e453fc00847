using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Release;

public class ShellcheckTests
{
    [Test]
    public async Task Every_script_is_shellcheck_clean()
    {
        var scripts = Directory.GetFiles(Path.Combine(RepoRoot.Path, "scripts"), "*.sh").Append(Path.Combine(RepoRoot.Path, ".ci", "run")).ToArray();
        var env = new Dictionary<string, string> { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin" };

        var r = await Shell.RunAsync("shellcheck", ["--severity=style", .. scripts], env);

        await Assert.That(r.All).IsEqualTo("");
        await Assert.That(r.ExitCode).IsEqualTo(0);
    }
}
