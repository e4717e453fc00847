using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Release;

/// <summary>
/// install.sh end to end: release.sh's real output served over HTTP, installed into a scratch prefix.
/// One release build is shared by the class (it is the slow part).
/// </summary>
[NotInParallel(nameof(InstallScriptTests))]
public class InstallScriptTests
{
    private const string Version = "1.2.3";
    private static readonly TempDir Releases = new();
    private static StaticFileServer? s_server;

    [Before(Class)]
    public static async Task BuildRelease()
    {
        var versionDir = Path.Combine(Releases.Path, "download", "v" + Version);
        var result = await Shell.RunAsync(RepoRoot.Script("release.sh"), [Version, "--out", versionDir], BaseEnv(Releases.Path), timeout: TimeSpan.FromMinutes(10));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("release.sh failed: " + result.All);
        }

        var latest = Path.Combine(Releases.Path, "latest", "download");
        Directory.CreateDirectory(latest);
        foreach (var f in Directory.GetFiles(versionDir))
        {
            File.Copy(f, Path.Combine(latest, Path.GetFileName(f)));
        }

        s_server = new StaticFileServer(Releases.Path);
    }

    [After(Class)]
    public static void Cleanup()
    {
        s_server?.Dispose();
        Releases.Dispose();
    }

    [Test]
    public async Task Latest_release_installs_verified_and_runs()
    {
        using var home = new TempDir();
        var prefix = home["bin"];

        var r = await Install(home.Path, s_server!.BaseUrl, "--prefix", prefix);

        await Assert.That(r.ExitCode).IsEqualTo(0);
        await Assert.That(r.Stderr).Contains($"installed opencode-sync {Version}");
        await Assert.That(r.Stderr).Contains("is not on your PATH");
        var run = await Shell.RunAsync(Path.Combine(prefix, "opencode-sync"), ["--version"], BaseEnv(home.Path));
        await Assert.That(run.Stdout).StartsWith($"opencode-sync {Version} ");
    }

    [Test]
    public async Task Pinned_version_installs_into_the_default_prefix()
    {
        using var home = new TempDir();

        var r = await Install(home.Path, s_server!.BaseUrl, "--version", "v" + Version);

        await Assert.That(r.ExitCode).IsEqualTo(0);
        await Assert.That(File.Exists(home[".local/bin/opencode-sync"])).IsTrue();
    }

    [Test]
    public async Task Tampered_archive_is_refused_and_nothing_is_installed()
    {
        using var mirror = new TempDir();
        CopyDir(Releases.Path, mirror.Path);
        var archive = Directory.GetFiles(Path.Combine(mirror.Path, "latest", "download"), "*.tar.gz").Single();
        await File.AppendAllTextAsync(archive, "x");
        using var server = new StaticFileServer(mirror.Path);
        using var home = new TempDir();

        var r = await Install(home.Path, server.BaseUrl, "--prefix", home["bin"]);

        await Assert.That(r.ExitCode).IsNotEqualTo(0);
        await Assert.That(r.Stderr).Contains("checksum mismatch");
        await Assert.That(r.Stderr).Contains("nothing was installed");
        await Assert.That(Directory.Exists(home["bin"]) && Directory.EnumerateFileSystemEntries(home["bin"]).Any()).IsFalse();
    }

    [Test]
    public async Task Upgrade_replaces_an_existing_install_atomically()
    {
        using var home = new TempDir();
        var prefix = home["bin"];
        Directory.CreateDirectory(prefix);
        var old = Path.Combine(prefix, "opencode-sync");
        await File.WriteAllTextAsync(old, "#!/bin/sh\necho 'opencode-sync 0.0.1 (old)'\n");
        File.SetUnixFileMode(old, (UnixFileMode)0b111_101_101);

        var r = await Install(home.Path, s_server!.BaseUrl, "--prefix", prefix);

        await Assert.That(r.ExitCode).IsEqualTo(0);
        var run = await Shell.RunAsync(old, ["--version"], BaseEnv(home.Path));
        await Assert.That(run.Stdout).StartsWith($"opencode-sync {Version} ");
        await Assert.That(Directory.GetFiles(prefix).Select(f => Path.GetFileName(f))).IsEquivalentTo(new[] { "opencode-sync" });
    }

    [Test]
    [Arguments("SunOS", "x86_64", "no opencode-sync build for OS 'SunOS'")]
    [Arguments("Linux", "riscv64", "no opencode-sync build for CPU 'riscv64'")]
    public async Task Unknown_platform_gets_a_clear_message(string os, string cpu, string message)
    {
        using var home = new TempDir();
        var shim = home["shim"];
        Directory.CreateDirectory(shim);
        var uname = Path.Combine(shim, "uname");
        await File.WriteAllTextAsync(uname, $"#!/bin/sh\ncase \"$1\" in -s) echo {os};; -m) echo {cpu};; *) echo {os};; esac\n");
        File.SetUnixFileMode(uname, (UnixFileMode)0b111_101_101);
        var env = BaseEnv(home.Path);
        env["PATH"] = shim + ":" + env["PATH"];
        env["OPENCODE_SYNC_DOWNLOAD_URL"] = s_server!.BaseUrl;

        var r = await Shell.RunAsync("/bin/sh", [RepoRoot.Script("install.sh"), "--prefix", home["bin"]], env);

        await Assert.That(r.ExitCode).IsNotEqualTo(0);
        await Assert.That(r.Stderr).Contains(message);
    }

    [Test]
    public async Task Missing_version_is_a_clear_error()
    {
        using var home = new TempDir();
        var r = await Install(home.Path, s_server!.BaseUrl, "--version", "9.9.9", "--prefix", home["bin"]);
        await Assert.That(r.ExitCode).IsNotEqualTo(0);
        await Assert.That(r.Stderr).Contains("cannot download");
        await Assert.That(r.Stderr).Contains("v9.9.9/SHA256SUMS");
    }

    [Test]
    public async Task Npm_packages_pack_and_the_installed_plugin_runs_its_platform_binary()
    {
        using var work = new TempDir();
        var env = BaseEnv(work.Path);
        env["npm_config_cache"] = work["npm-cache"];
        var packs = work["packs"];

        var pack = await Shell.RunAsync(RepoRoot.Script("npm-pack.sh"), [Version, "--dist", Path.Combine(Releases.Path, "download", "v" + Version), "--out", packs], env);
        await Assert.That(pack.ExitCode).IsEqualTo(0);
        var tarballs = Directory.GetFiles(packs).Select(f => Path.GetFileName(f)).ToList();
        await Assert.That(tarballs).Contains($"opencode-sync-plugin-{Version}.tgz");
        await Assert.That(tarballs).Contains($"opencode-sync-linux-x64-{Version}.tgz");

        // A user's project: the plugin and the platform package this machine would get, from the local packs.
        var scratch = work["project"];
        Directory.CreateDirectory(scratch);
        await File.WriteAllTextAsync(Path.Combine(scratch, "package.json"), """{"private":true}""");
        var install = await Shell.RunAsync("npm", ["install", "--no-audit", "--no-fund", "--omit=optional", "--loglevel=error",
            Path.Combine(packs, $"opencode-sync-plugin-{Version}.tgz"), Path.Combine(packs, $"opencode-sync-linux-x64-{Version}.tgz")], env, scratch);
        await Assert.That(install.ExitCode).IsEqualTo(0);

        // The plugin's own lookup, with nothing on PATH: it must find the binary in its platform package.
        const string probe = """
            const m = await import("./node_modules/opencode-sync-plugin/lib/binary.js");
            const found = m.findBinary({ env: { PATH: "" } });
            const { execFileSync } = await import("node:child_process");
            console.log(found.source + " " + execFileSync(found.path, ["--version"]).toString().trim());
            """;
        await File.WriteAllTextAsync(Path.Combine(scratch, "probe.mjs"), probe);
        var run = await Shell.RunAsync("node", ["probe.mjs"], env, scratch);

        await Assert.That(run.Stderr).IsEqualTo("");
        await Assert.That(run.Stdout).StartsWith($"package opencode-sync {Version} ");
    }

    private static Task<ProcessResult> Install(string home, string baseUrl, params string[] args)
    {
        var env = BaseEnv(home);
        env["OPENCODE_SYNC_DOWNLOAD_URL"] = baseUrl;
        // dash, not bash: the script must be POSIX sh.
        var shell = File.Exists("/bin/dash") ? "/bin/dash" : "/bin/sh";
        return Shell.RunAsync(shell, [RepoRoot.Script("install.sh"), .. args], env);
    }

    private static Dictionary<string, string> BaseEnv(string home) => new()
    {
        ["HOME"] = home,
        ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["NUGET_PACKAGES"] = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".nuget", "packages"),
        ["DOTNET_CLI_HOME"] = Environment.GetEnvironmentVariable("HOME") ?? "/root",
    };

    private static void CopyDir(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(dir.Replace(from, to, StringComparison.Ordinal));
        }

        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }
}
