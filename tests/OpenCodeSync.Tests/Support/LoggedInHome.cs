using OpenCodeSync.Cli;
using OpenCodeSync.Delivery;
using OpenCodeSync.Commands;
using OpenCodeSync.Hosting;

namespace OpenCodeSync.Tests.Support;

/// <summary>A user logged in (by environment) to the harness's server, whose commands run in-process.</summary>
public sealed class LoggedInHome(DeliveryHarness backend, DeliveryOptions? options = null) : IDisposable
{
    public TestHome Home { get; } = Login(new TestHome(), backend);

    public CliContext Context(FakeConsole console) => new(console, Home.Env, new SystemClock())
    {
        WorkingDirectory = Home.Project, Delivery = options ?? DeliveryHarness.FastOptions, WakeDelivery = _ => WakeResult.Disabled,
    };

    /// <summary>The fixture's events handed to the hook, as the plugin would (delivery not started).</summary>
    public int Hook(string fixture) => new HookCommand(Context(new FakeConsole(string.Join("\n", Fixtures.TextLines(fixture)) + "\n"))).Run();

    public void Dispose() => Home.Dispose();

    private static TestHome Login(TestHome home, DeliveryHarness backend)
    {
        home.Env.Vars[EnvVars.Url] = backend.Server.BaseAddress.ToString().TrimEnd('/');
        home.Env.Vars[EnvVars.ApiKey] = backend.ApiKey;
        return home;
    }
}
