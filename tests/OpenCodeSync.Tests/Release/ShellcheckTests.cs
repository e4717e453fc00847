using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Release;

public class ShellcheckTests
{
    [Test]
    public async Task Every_script_is_shellcheck_clean()
    {
        var scripts = Directory.GetFiles(Path.Combine(RepoRoot.Path, "scripts"), "*.sh", SearchOption.AllDirectories).Append(Path.Combine(RepoRoot.Path, ".ci", "run")).ToArray();
        var env = new Dictionary<string, string> { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin" };

        // scripts/test.sh finds or fetches it (scripts/fetch-shellcheck.sh); without it the lint cannot run: a visible skip.
        var shellcheck = Environment.GetEnvironmentVariable("OPENCODE_SYNC_SHELLCHECK") is { Length: > 0 } fetched ? fetched : OnPath("shellcheck");
        if (shellcheck is null)
            Skip.Test("shellcheck is not installed (apt-get install shellcheck, brew install shellcheck); scripts/test.sh fetches it where apt-get works");

        var r = await Shell.RunAsync(shellcheck!, ["--severity=style", .. scripts], env);

        await Assert.That(r.All).IsEqualTo("");
        await Assert.That(r.ExitCode).IsEqualTo(0);
    }

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
