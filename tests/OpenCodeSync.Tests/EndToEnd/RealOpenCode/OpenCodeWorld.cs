using System.Diagnostics;
using System.Text.Json;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.EndToEnd.RealOpenCode;

/// <summary>
/// One isolated user running the real OpenCode: a temp HOME and XDG dirs, a project whose opencode.json points
/// at our mock LLM, the plugin installed by <c>opencode-sync setup</c>, and the published binary logged in
/// to a backend. Nothing of the developer's own setup leaks in (the environment is built from scratch).
/// </summary>
internal sealed class OpenCodeWorld : IAsyncDisposable
{
    public const string Version = "1.18.33";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(240);
    private static readonly Lazy<Task<string>> Installed = new(InstallAsync);

    private readonly TempDir _dir = new();
    private readonly Process _mock;
    private readonly string _openCode;

    private OpenCodeWorld(string openCode, Process mock, int mockPort)
    {
        _openCode = openCode;
        _mock = mock;
        MockPort = mockPort;
        Directory.CreateDirectory(Project);
    }

    public string Home => _dir["home"];
    public string Project => _dir["project"];
    public int MockPort { get; }

    /// <summary>Where OpenCode keeps this user's sessions.</summary>
    public string OpenCodeDb => Path.Combine(Home, ".local", "share", "opencode", "opencode.db");

    /// <summary>Where our binary archives this user's sessions.</summary>
    public string ArchiveDb => Path.Combine(Home, ".local", "share", "opencode-sync", "archive.db");

    /// <summary>When the last <c>opencode run</c> had exited (a <see cref="Stopwatch"/> timestamp).</summary>
    public long LastExit { get; private set; }

    /// <summary>A binary whose hook does not even answer <c>--help</c> is broken: the tests fail on it, never skip.</summary>
    public static async Task AssertHookRunsAsync()
    {
        using var home = new TestHome();
        var r = await PublishedBinary.RunAsync(["hook", "--help"], home.ProcessEnvironment());
        await Assert.That(r.ExitCode).IsEqualTo(0).Because($"'opencode-sync hook --help' exited {r.ExitCode}: {r.All}");
    }

    /// <summary>The cached OpenCode binary (installed from npm on first use).</summary>
    public static Task<string> InstalledAsync() => Installed.Value;

    public static async Task<OpenCodeWorld> StartAsync()
    {
        var openCode = await Installed.Value.ConfigureAwait(false);
        var portFile = Path.Combine(Path.GetTempPath(), $"ocs-mock-{Guid.NewGuid():N}.port");
        var mock = Process.Start(new ProcessStartInfo("node", [RepoFiles.MockLlm, "--port-file", portFile]) { UseShellExecute = false })
                   ?? throw new InvalidOperationException("cannot start node for the mock LLM");
        if (!await ChildProcess.UntilAsync(() => File.Exists(portFile), TimeSpan.FromSeconds(30)).ConfigureAwait(false))
        {
            mock.Kill();
            throw new InvalidOperationException("the mock LLM did not start");
        }

        var port = int.Parse(await File.ReadAllTextAsync(portFile).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        File.Delete(portFile);
        var world = new OpenCodeWorld(openCode, mock, port);
        await File.WriteAllTextAsync(Path.Combine(world.Project, "opencode.json"), world.ProjectConfig()).ConfigureAwait(false);
        return world;
    }

    /// <summary>The environment every process of this user gets: isolated dirs, OpenCode kept offline.</summary>
    public Dictionary<string, string> Environment() => new(StringComparer.Ordinal)
    {
        ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
        ["HOME"] = Home,
        ["XDG_CONFIG_HOME"] = Path.Combine(Home, ".config"),
        ["XDG_DATA_HOME"] = Path.Combine(Home, ".local", "share"),
        ["XDG_STATE_HOME"] = Path.Combine(Home, ".local", "state"),
        ["XDG_CACHE_HOME"] = Path.Combine(Home, ".cache"),
        ["TMPDIR"] = Path.GetTempPath(),
        ["LANG"] = "C.UTF-8",
        ["TERM"] = "dumb",
        ["NO_COLOR"] = "1",
        ["CI"] = "1",
        ["OPENCODE_DISABLE_AUTOUPDATE"] = "1",
        ["OPENCODE_DISABLE_MODELS_FETCH"] = "1",
        ["OPENCODE_DISABLE_LSP_DOWNLOAD"] = "1",
        ["OPENCODE_DISABLE_SHARE"] = "1",
    };

    /// <summary>Runs our binary as this user, in the project directory.</summary>
    public Task<ProcessResult> SyncAsync(params string[] args) => SyncWithInputAsync(null, args);

    public Task<ProcessResult> SyncWithInputAsync(string? stdin, params string[] args) =>
        ChildProcess.RunAsync(PublishedBinary.Path, args, Environment(), Project, TimeSpan.FromSeconds(150), stdin);

    /// <summary>
    /// Logs in (key on stdin, never on the command line) and installs the plugin as a user does: plain <c>setup</c>,
    /// which writes the binary's own copy into OpenCode's global plugin folder and pins the binary's path in it
    /// (no OPENCODE_SYNC_BIN in this environment: the plugin finds the binary only that way).
    /// </summary>
    public async Task<ProcessResult> ConnectAsync(Uri backend, string apiKey)
    {
        var login = await SyncWithInputAsync(apiKey + "\n", "login", "--url", backend.ToString(), "--api-key-stdin").ConfigureAwait(false);
        if (login.ExitCode != 0)
        {
            return login;
        }

        return await SyncAsync("setup").ConfigureAwait(false);
    }

    /// <summary>One `opencode run` turn; returns once the CLI has exited.</summary>
    public async Task<ProcessResult> RunAsync(string prompt, bool continueSession = false)
    {
        List<string> args = ["run", "--model", "mock/mock-model"];
        if (continueSession)
        {
            args.Add("--continue");
        }

        args.Add(prompt);
        var r = await ChildProcess.RunAsync(_openCode, args, Environment(), Project, RunTimeout).ConfigureAwait(false);
        LastExit = Stopwatch.GetTimestamp();
        return r;
    }

    /// <summary>Every chat request body the mock LLM has received, in order: what OpenCode sent the model.</summary>
    public async Task<List<JsonElement>> MockRequestsAsync()
    {
        using var http = new HttpClient();
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{MockPort}/__requests")).ConfigureAwait(false));
        return [.. doc.RootElement.EnumerateArray().Select(r => r.Clone())];
    }

    private string ProjectConfig() => $$"""
        {
          "$schema": "https://opencode.ai/config.json",
          // written by the end-to-end tests: everything offline, one mock model
          "autoupdate": false,
          "share": "disabled",
          "model": "mock/mock-model",
          "small_model": "mock/mock-model",
          "provider": {
            "mock": {
              "npm": "@ai-sdk/openai-compatible",
              "name": "Mock",
              "options": { "baseURL": "http://127.0.0.1:{{MockPort}}/v1", "apiKey": "mock-key" },
              "models": {
                "mock-model": { "name": "Mock Model", "tool_call": true, "limit": { "context": 128000, "output": 4096 } }
              }
            }
          }
        }
        """;

    private static async Task<string> InstallAsync()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
            ["HOME"] = System.Environment.GetEnvironmentVariable("HOME") ?? "/tmp",
        };
        foreach (var name in new[] { "OPENCODE_SYNC_E2E_CACHE", "npm_config_registry", "NPM_CONFIG_REGISTRY", "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY" })
        {
            if (System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } v)
            {
                env[name] = v;
            }
        }

        var r = await ChildProcess.RunAsync(RepoFiles.Installer, [Version], env, RepoFiles.Root, TimeSpan.FromMinutes(10)).ConfigureAwait(false);
        var path = r.Stdout.Trim();
        if (r.ExitCode != 0 || !File.Exists(path))
        {
            throw new InvalidOperationException($"installing opencode-ai@{Version} failed ({r.ExitCode}): {r.Stderr}");
        }

        return path;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _mock.Kill();
            await _mock.WaitForExitAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _mock.Dispose();
        _dir.Dispose();
    }
}
