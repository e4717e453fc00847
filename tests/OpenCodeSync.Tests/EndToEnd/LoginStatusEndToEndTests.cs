using OpenCodeSync.Tests.Support;
using Server = OpenSync.ContractServer.ContractServer;

namespace OpenCodeSync.Tests.EndToEnd;

/// <summary>The published binary against the strict local backend, as a user would run it.</summary>
public class LoginStatusEndToEndTests
{
    private const string Key = Server.DefaultApiKey;

    [Test]
    public async Task Login_from_stdin_then_status_ready_then_logout()
    {
        await using var server = await Server.StartAsync();
        using var home = new TestHome();
        var env = home.ProcessEnvironment();

        var login = await PublishedBinary.RunAsync(["login", "--url", server.BaseAddress.ToString(), "--api-key-stdin"], env, stdin: Key + "\n");
        var status = await PublishedBinary.RunAsync(["status"], env);
        var logout = await PublishedBinary.RunAsync(["logout"], env);
        var after = await PublishedBinary.RunAsync(["status"], env);

        await Assert.That(login.ExitCode).IsEqualTo(0);
        await Assert.That(status.ExitCode).IsEqualTo(0);
        await Assert.That(status.Stdout).Contains("Ready");
        await Assert.That(logout.ExitCode).IsEqualTo(0);
        await Assert.That(after.ExitCode).IsEqualTo(1);
        foreach (var r in new[] { login, status, logout, after })
        {
            await Assert.That(r.All).DoesNotContain(Key);
        }

        await Assert.That((int)File.GetUnixFileMode(home.ConfigFile)).IsEqualTo(0b110_000_000);
    }

    [Test]
    public async Task Wrong_key_exits_2_with_the_servers_words()
    {
        await using var server = await Server.StartAsync();
        using var home = new TestHome();

        var r = await PublishedBinary.RunAsync(["login", "--url", server.BaseAddress.ToString(), "--api-key-stdin"], home.ProcessEnvironment(), stdin: "osk_NotTheRightKeyNotTheRightKey00\n");

        await Assert.That(r.ExitCode).IsEqualTo(2);
        await Assert.That(r.Stderr).Contains("Invalid API key");
        await Assert.That(r.All).DoesNotContain("NotTheRightKey");
        await Assert.That(File.Exists(home.ConfigFile)).IsFalse();
    }

    [Test]
    public async Task Environment_credentials_work_without_a_file_and_status_json_says_env()
    {
        await using var server = await Server.StartAsync();
        using var home = new TestHome();
        var env = home.ProcessEnvironment();
        env["OPENCODE_SYNC_URL"] = server.BaseAddress.ToString();
        env["OPENCODE_SYNC_API_KEY"] = Key;

        var r = await PublishedBinary.RunAsync(["status", "--json"], env);

        await Assert.That(r.ExitCode).IsEqualTo(0);
        await Assert.That(r.Stdout).Contains("\"apiKeySource\": \"env\"");
        await Assert.That(r.All).DoesNotContain(Key);
    }

    [Test]
    public async Task Status_exits_2_when_the_backend_answers_500()
    {
        await using var server = await Server.StartAsync();
        server.Faults.FailNext(5, 500, """{"error":"Error: boom"}""");
        using var home = new TestHome();
        var env = home.ProcessEnvironment();
        env["OPENCODE_SYNC_URL"] = server.BaseAddress.ToString();
        env["OPENCODE_SYNC_API_KEY"] = Key;

        var r = await PublishedBinary.RunAsync(["status"], env);

        await Assert.That(r.ExitCode).IsEqualTo(2);
        await Assert.That(r.Stdout).Contains("HTTP 500: Error: boom");
    }
}
