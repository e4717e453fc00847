using OpenCodeSync.Commands;
using OpenCodeSync.Config;
using OpenCodeSync.Tests.Support;
using Server = OpenSync.ContractServer.ContractServer;

namespace OpenCodeSync.Tests.Commands;

public class LoginCommandTests
{
    private const string Key = Server.DefaultApiKey;

    [Test]
    public async Task Verified_key_is_saved_with_the_normalized_url()
    {
        await using var server = await Server.StartAsync();
        using var home = new TestHome();
        var console = new FakeConsole(input: Key + "\n");

        var code = await new LoginCommand(home.Context(console)).RunAsync(url: server.BaseAddress + "/", apiKeyStdin: true);

        var saved = new ConfigStore(home.Paths).Load();
        await Assert.That(code).IsEqualTo(0);
        await Assert.That(saved.ConvexUrl).IsEqualTo(server.BaseAddress.ToString().TrimEnd('/'));
        await Assert.That(saved.ApiKey).IsEqualTo(Key);
        await Assert.That(server.RouteCounts.GetValueOrDefault("GET /sync/sessions/list")).IsEqualTo(1);
        await Assert.That(console.All).Contains("key verified, 0 sessions");
        await Assert.That(console.All).DoesNotContain(Key);
    }

    [Test]
    public async Task Wrong_key_is_refused_with_the_servers_message_and_nothing_saved()
    {
        await using var server = await Server.StartAsync();
        using var home = new TestHome();
        const string wrong = "osk_WrongWrongWrongWrongWrongWrong0";
        var console = new FakeConsole(input: wrong + "\n");

        var code = await new LoginCommand(home.Context(console)).RunAsync(url: server.BaseAddress.ToString(), apiKeyStdin: true);

        await Assert.That(code).IsEqualTo(2);
        await Assert.That(console.Stderr).Contains("Invalid API key");
        await Assert.That(console.Stderr).Contains("Nothing was saved");
        await Assert.That(console.All).DoesNotContain(wrong);
        await Assert.That(File.Exists(home.ConfigFile)).IsFalse();
    }

    [Test]
    public async Task Unreachable_backend_is_a_clear_error_unless_no_verify()
    {
        using var home = new TestHome();
        var url = "http://127.0.0.1:" + FreePort.Next();

        var refused = new FakeConsole(input: Key + "\n");
        var code = await new LoginCommand(home.Context(refused)).RunAsync(url: url, apiKeyStdin: true);
        await Assert.That(code).IsEqualTo(2);
        await Assert.That(refused.Stderr).Contains("cannot reach " + url);
        await Assert.That(File.Exists(home.ConfigFile)).IsFalse();

        var forced = new FakeConsole(input: Key + "\n");
        code = await new LoginCommand(home.Context(forced)).RunAsync(url: url, apiKeyStdin: true, noVerify: true);
        await Assert.That(code).IsEqualTo(0);
        await Assert.That(new ConfigStore(home.Paths).Load().ConvexUrl).IsEqualTo(url);
    }

    [Test]
    public async Task Terminal_user_is_asked_for_url_then_key()
    {
        await using var server = await Server.StartAsync();
        using var home = new TestHome();
        var console = new FakeConsole(input: $"{server.BaseAddress}\n{Key}\n", terminal: true);

        var code = await new LoginCommand(home.Context(console)).RunAsync();

        await Assert.That(code).IsEqualTo(0);
        await Assert.That(console.Stderr).Contains("Convex URL");
        await Assert.That(console.Stderr).Contains("API key");
        await Assert.That(new ConfigStore(home.Paths).Load().ApiKey).IsEqualTo(Key);
    }

    [Test]
    public async Task Without_a_terminal_missing_values_are_usage_errors()
    {
        using var home = new TestHome();
        var console = new FakeConsole();
        var code = await new LoginCommand(home.Context(console)).RunAsync();
        await Assert.That(code).IsEqualTo(64);
        await Assert.That(console.Stderr).Contains("--url");
    }

    [Test]
    public async Task Bad_url_or_key_is_refused_before_any_request()
    {
        await using var server = await Server.StartAsync();
        using var home = new TestHome();

        var badKey = new FakeConsole(input: "sk-not-an-opensync-key\n");
        var code = await new LoginCommand(home.Context(badKey)).RunAsync(url: server.BaseAddress.ToString(), apiKeyStdin: true);
        await Assert.That(code).IsEqualTo(64);
        await Assert.That(badKey.Stderr).Contains("keys start with 'osk_'");

        var badUrl = new FakeConsole(input: Key + "\n");
        code = await new LoginCommand(home.Context(badUrl)).RunAsync(url: "http://sync.example.com", apiKeyStdin: true);
        await Assert.That(code).IsEqualTo(64);
        await Assert.That(badUrl.Stderr).Contains("unencrypted");

        await Assert.That(server.Requests.Count).IsEqualTo(0);
    }

    [Test]
    public async Task Legacy_credentials_are_offered_and_imported_on_a_terminal()
    {
        await using var server = await Server.StartAsync();
        using var home = new TestHome();
        Directory.CreateDirectory(Path.Combine(home.Home, ".opensync"));
        await File.WriteAllTextAsync(Path.Combine(home.Home, ".opensync", "credentials.json"),
            $$"""{"convexUrl":"{{server.BaseAddress}}","apiKey":"{{Key}}"}""");
        var console = new FakeConsole(input: "y\n", terminal: true);

        var code = await new LoginCommand(home.Context(console)).RunAsync();

        await Assert.That(code).IsEqualTo(0);
        await Assert.That(console.Stderr).Contains("Import them?");
        await Assert.That(new ConfigStore(home.Paths).Load().ApiKey).IsEqualTo(Key);
    }

    [Test]
    public async Task Login_keeps_existing_settings()
    {
        await using var server = await Server.StartAsync();
        using var home = new TestHome();
        var store = new ConfigStore(home.Paths);
        store.Save(new ConfigFile { Settings = new() { [Settings.SyncReasoning] = "off" } });

        await new LoginCommand(home.Context(new FakeConsole(Key + "\n"))).RunAsync(url: server.BaseAddress.ToString(), apiKeyStdin: true);

        await Assert.That(store.Load().Settings![Settings.SyncReasoning]).IsEqualTo("off");
        await Assert.That(store.Load().ApiKey).IsEqualTo(Key);
    }
}
