using System.Text.Json;
using OpenCodeSync.Commands;
using OpenCodeSync.Config;
using OpenCodeSync.Hosting;
using OpenCodeSync.Tests.Support;
using Server = OpenSync.ContractServer.ContractServer;

namespace OpenCodeSync.Tests.Commands;

public class StatusAndLogoutTests
{
    private const string Key = Server.DefaultApiKey;

    [Test]
    public async Task Status_is_0_when_backend_and_key_work()
    {
        await using var server = await Server.StartAsync();
        using var home = new TestHome();
        new ConfigStore(home.Paths).Save(new ConfigFile { ConvexUrl = server.BaseAddress.ToString(), ApiKey = Key });
        var console = new FakeConsole();

        var code = await new StatusCommand(home.Context(console)).RunAsync();

        await Assert.That(code).IsEqualTo(0);
        await Assert.That(console.Stdout).Contains("Ready");
        await Assert.That(console.Stdout).Contains("osk_****789_");
        await Assert.That(console.Stdout).Matches(@"Backend\s+ok in \d+ ms");
        await Assert.That(console.All).DoesNotContain(Key);
    }

    [Test]
    public async Task Status_is_2_when_the_key_is_revoked()
    {
        await using var server = await Server.StartAsync();
        server.Keys.Revoke(Key);
        using var home = new TestHome();
        new ConfigStore(home.Paths).Save(new ConfigFile { ConvexUrl = server.BaseAddress.ToString(), ApiKey = Key });
        var console = new FakeConsole();

        var code = await new StatusCommand(home.Context(console)).RunAsync();

        await Assert.That(code).IsEqualTo(2);
        await Assert.That(console.Stdout).Contains("Invalid API key");
    }

    [Test]
    public async Task Status_is_2_when_the_backend_is_down()
    {
        using var home = new TestHome();
        new ConfigStore(home.Paths).Save(new ConfigFile { ConvexUrl = "http://127.0.0.1:" + FreePort.Next(), ApiKey = Key });
        var console = new FakeConsole();

        var code = await new StatusCommand(home.Context(console)).RunAsync();

        await Assert.That(code).IsEqualTo(2);
        await Assert.That(console.Stdout).Contains("cannot reach");
    }

    [Test]
    public async Task Status_json_reports_sources_and_plugin_registration()
    {
        await using var server = await Server.StartAsync();
        using var home = new TestHome();
        home.Env.Vars[EnvVars.Url] = server.BaseAddress.ToString();
        home.Env.Vars[EnvVars.ApiKey] = Key;
        Directory.CreateDirectory(home.Paths.OpenCodeConfigDir);
        await File.WriteAllTextAsync(Path.Combine(home.Paths.OpenCodeConfigDir, "opencode.json"), """{"plugin":["opencode-sync-plugin@0.1.0"]}""");
        var console = new FakeConsole();

        var code = await new StatusCommand(home.Context(console)).RunAsync(json: true);

        using var doc = JsonDocument.Parse(console.Stdout);
        var root = doc.RootElement;
        await Assert.That(code).IsEqualTo(0);
        await Assert.That(root.GetProperty("ready").GetBoolean()).IsTrue();
        await Assert.That(root.GetProperty("urlSource").GetString()).IsEqualTo("env");
        await Assert.That(root.GetProperty("apiKey").GetString()).IsEqualTo("osk_****789_");
        await Assert.That(root.GetProperty("plugin").GetProperty("ok").GetBoolean()).IsTrue();
        await Assert.That(root.GetProperty("plugin").GetProperty("detail").GetString()).Contains("(opencode-sync-plugin@0.1.0)");
    }

    [Test]
    public async Task Logout_removes_credentials_keeps_settings_and_is_idempotent()
    {
        using var home = new TestHome();
        var store = new ConfigStore(home.Paths);
        store.Save(new ConfigFile { ConvexUrl = "https://a.convex.site", ApiKey = Key, Settings = new() { [Settings.SyncFiles] = "off" } });

        var first = new FakeConsole();
        var second = new FakeConsole();
        var code1 = new LogoutCommand(home.Context(first)).Run();
        var code2 = new LogoutCommand(home.Context(second)).Run();

        var after = store.Load();
        await Assert.That(code1).IsEqualTo(0);
        await Assert.That(code2).IsEqualTo(0);
        await Assert.That(after.ApiKey).IsNull();
        await Assert.That(after.ConvexUrl).IsNull();
        await Assert.That(after.Settings![Settings.SyncFiles]).IsEqualTo("off");
        await Assert.That(first.Stdout).Contains("removed the URL and API key");
        await Assert.That(second.Stdout).Contains("nothing to remove");
        await Assert.That(await File.ReadAllTextAsync(store.Path)).DoesNotContain("osk_");
    }

    [Test]
    public async Task Status_lists_exclusions_and_says_when_redaction_is_off()
    {
        using var home = new TestHome();
        new ConfigStore(home.Paths).Save(new ConfigFile { Settings = new() { ["exclude"] = "~/work/client-*/, /srv/secret", ["redact"] = "off" } });
        var console = new FakeConsole();

        await new StatusCommand(home.Context(console)).RunAsync();

        await Assert.That(console.Stdout).Contains("Excluded  ~/work/client-*/, /srv/secret");
        await Assert.That(console.Stdout).Contains("Redact    OFF");
    }
}
