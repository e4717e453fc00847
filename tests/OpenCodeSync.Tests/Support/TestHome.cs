using OpenCodeSync.Delivery;
using OpenCodeSync.Hosting;
using OpenCodeSync.Cli;
using OpenCodeSync.Config;

namespace OpenCodeSync.Tests.Support;

/// <summary>One isolated user: a temp HOME, an environment, and a context builder for commands.</summary>
public sealed class TestHome : IDisposable
{
    private readonly TempDir _dir = new();

    public TestHome()
    {
        Env = new FakeEnvironment(Home);
        Directory.CreateDirectory(Project);
    }

    public string Home => _dir.Path;
    public string Project => _dir["project"];
    public FakeEnvironment Env { get; }
    public AppPaths Paths => new(Env);
    public string ConfigFile => Paths.ConfigFile;

    public CliContext Context(FakeConsole console) =>
        new(console, Env, new SystemClock()) { WorkingDirectory = Project, WakeDelivery = _ => WakeResult.Disabled, ExecutablePath = Executable };

    /// <summary>What an in-process command takes for "this program" (setup pins it in the plugin); not created.</summary>
    public string Executable => System.IO.Path.Combine(Home, "bin", "opencode-sync");

    /// <summary>Variables for a child process running the real binary as this user.</summary>
    public Dictionary<string, string> ProcessEnvironment() => new(Env.Vars, StringComparer.Ordinal)
    {
        ["HOME"] = Home,
        ["XDG_CONFIG_HOME"] = System.IO.Path.Combine(Home, ".config"),
        ["XDG_STATE_HOME"] = System.IO.Path.Combine(Home, ".local", "state"),
        ["XDG_DATA_HOME"] = System.IO.Path.Combine(Home, ".local", "share"),
    };

    public void Dispose() => _dir.Dispose();
}
