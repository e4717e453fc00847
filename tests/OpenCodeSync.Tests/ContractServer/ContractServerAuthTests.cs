using OpenSync.ContractServer;
using Server = OpenSync.ContractServer.ContractServer;

namespace OpenCodeSync.Tests.ContractServer;

public class ContractServerAuthTests
{
    [Test]
    public async Task Health_needs_no_key_and_reports_server_time()
    {
        var clock = new ManualTimeProvider();
        await using var server = await Server.StartAsync(new ContractServerOptions { TimeProvider = clock });
        using var client = server.CreateClient(apiKey: null);

        var reply = await Wire.Get(client, "health");

        await Assert.That(reply.Status).IsEqualTo(200);
        await Assert.That(reply.Json!["status"]!.GetValue<string>()).IsEqualTo("ok");
        await Assert.That(reply.Json!["timestamp"]!.GetValue<long>()).IsEqualTo(clock.GetUtcNow().ToUnixTimeMilliseconds());
    }

    [Test]
    public async Task Missing_header_gets_the_exact_401_body()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient(apiKey: null);

        var reply = await Wire.Post(client, "sync/session", """{"externalId":"ses_1"}""");

        await Assert.That(reply.Status).IsEqualTo(401);
        await Assert.That(reply.Text).IsEqualTo("""{"error":"Missing Authorization header"}""");
        await Assert.That(server.Sessions.Count).IsEqualTo(0);
    }

    [Test]
    public async Task Unknown_key_gets_the_exact_401_body()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient("osk_" + new string('x', 32));

        var reply = await Wire.Post(client, "sync/session", """{"externalId":"ses_1"}""");

        await Assert.That(reply.Status).IsEqualTo(401);
        await Assert.That(reply.Text).IsEqualTo("""{"error":"Invalid API key"}""");
    }

    [Test]
    public async Task A_bearer_that_is_not_an_api_key_is_treated_as_an_expired_token()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient("eyJhbGciOi");

        var reply = await Wire.Post(client, "sync/session", """{"externalId":"ses_1"}""");

        await Assert.That(reply.Status).IsEqualTo(401);
        await Assert.That(reply.Error).IsEqualTo("Invalid or expired token");
    }

    [Test]
    [Arguments("osk_short")]
    [Arguments("osk_ContractServerTestKey0123456789_x")]
    [Arguments("OSK_ContractServerTestKey0123456789_")]
    [Arguments("osk_ContractServerTestKey012345678!_")]
    public async Task Malformed_key_on_the_list_route_gets_the_format_error(string key)
    {
        await using var server = await Server.StartAsync(new ContractServerOptions { ApiKeys = [Server.DefaultApiKey, key] });
        using var client = server.CreateClient(key);

        var reply = await Wire.Get(client, "sync/sessions/list");

        await Assert.That(reply.Status).IsEqualTo(401);
        await Assert.That(reply.Text).IsEqualTo("""{"error":"Invalid API key format"}""");
    }

    [Test]
    public async Task List_returns_every_external_id()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();
        await Wire.Post(client, "sync/session", """{"externalId":"ses_a"}""");
        await Wire.Post(client, "sync/session", """{"externalId":"ses_b"}""");

        var reply = await Wire.Get(client, "sync/sessions/list");

        await Assert.That(reply.Status).IsEqualTo(200);
        await Assert.That(reply.Text).IsEqualTo("""{"sessionIds":["ses_a","ses_b"]}""");
    }

    [Test]
    public async Task A_revoked_key_fails_until_restored()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();
        server.Keys.Revoke(Server.DefaultApiKey);

        var revoked = await Wire.Post(client, "sync/session", """{"externalId":"ses_1"}""");
        server.Keys.Restore(Server.DefaultApiKey);
        var restored = await Wire.Post(client, "sync/session", """{"externalId":"ses_1"}""");

        await Assert.That(revoked.Status).IsEqualTo(401);
        await Assert.That(revoked.Error).IsEqualTo("Invalid API key");
        await Assert.That(restored.Status).IsEqualTo(200);
        await Assert.That(server.Sessions.Count).IsEqualTo(1);
    }

    [Test]
    [Arguments("GET", "sync/session")]
    [Arguments("POST", "sync/Session")]
    [Arguments("POST", "sync/sessions")]
    [Arguments("POST", "health")]
    public async Task Anything_but_the_exact_routes_is_404(string method, string path)
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();

        var reply = await Wire.Send(client, new HttpRequestMessage(new HttpMethod(method), path));

        await Assert.That(reply.Status).IsEqualTo(404);
    }
}
