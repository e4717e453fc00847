using Server = OpenSync.ContractServer.ContractServer;

namespace OpenCodeSync.Tests.ContractServer;

/// <summary><c>GET /api/sessions</c> as convex/api.ts answers it (the contract's read shapes).</summary>
public class ContractServerReadRouteTests
{
    [Test]
    public async Task Lists_the_most_recently_updated_first_with_the_contracts_fields_and_no_nulls()
    {
        // A manual clock: writes in the same millisecond would make the order a tie.
        var clock = new global::OpenSync.ContractServer.ManualTimeProvider();
        await using var server = await Server.StartAsync(new() { TimeProvider = clock });
        using var client = server.CreateClient();
        await Wire.Post(client, "sync/session", """{"externalId":"ses_a","title":"A","promptTokens":7,"completionTokens":2}""");
        clock.Advance(TimeSpan.FromSeconds(1));
        await Wire.Post(client, "sync/session", """{"externalId":"ses_b"}""");
        clock.Advance(TimeSpan.FromSeconds(1));
        await Wire.Post(client, "sync/message", """{"sessionExternalId":"ses_a","externalId":"msg_1","role":"user","textContent":"hi"}""");

        var all = await Wire.Get(client, "api/sessions");
        var one = await Wire.Get(client, "api/sessions?limit=1");

        await Assert.That(all.Status).IsEqualTo(200);
        var sessions = all.Json!["sessions"]!.AsArray();
        // The message write touched ses_a last.
        await Assert.That(sessions.Select(s => s!["externalId"]!.GetValue<string>())).IsEquivalentTo(["ses_a", "ses_b"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        var a = sessions[0]!.AsObject();
        await Assert.That(a["promptTokens"]!.GetValue<double>()).IsEqualTo(7);
        await Assert.That(a["completionTokens"]!.GetValue<double>()).IsEqualTo(2);
        await Assert.That(a["totalTokens"]!.GetValue<double>()).IsEqualTo(9);
        await Assert.That(a["messageCount"]!.GetValue<int>()).IsEqualTo(1);
        await Assert.That(a.ContainsKey("id") && a.ContainsKey("createdAt") && a.ContainsKey("updatedAt") && a.ContainsKey("isPublic")).IsTrue();
        await Assert.That(a.ContainsKey("source")).IsFalse();
        await Assert.That(sessions[1]!.AsObject().ContainsKey("title")).IsFalse();
        await Assert.That(all.Text).DoesNotContain("null");
        await Assert.That(one.Json!["sessions"]!.AsArray().Count).IsEqualTo(1);
    }

    [Test]
    public async Task Needs_the_key_and_a_numeric_limit_and_is_absent_on_an_older_deployment()
    {
        await using var server = await Server.StartAsync();
        using var anonymous = server.CreateClient(apiKey: null);
        using var client = server.CreateClient();
        await using var older = await Server.StartAsync(new() { ReadRoutes = false });
        using var olderClient = older.CreateClient();

        await Assert.That((await Wire.Get(anonymous, "api/sessions")).Status).IsEqualTo(401);
        await Assert.That((await Wire.Get(client, "api/sessions?limit=ten")).Status).IsEqualTo(500);
        await Assert.That((await Wire.Get(olderClient, "api/sessions")).Status).IsEqualTo(404);
    }
}
