using OpenSync.ContractServer;
using Server = OpenSync.ContractServer.ContractServer;

namespace OpenCodeSync.Tests.ContractServer;

public class ContractServerFaultTests
{
    [Test]
    public async Task A_503_burst_answers_the_next_n_requests_then_recovers()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();
        server.Faults.FailNext(2, 503);

        var first = await Wire.Post(client, "sync/session", """{"externalId":"ses_1"}""");
        var second = await Wire.Post(client, "sync/session", """{"externalId":"ses_1"}""");
        var third = await Wire.Post(client, "sync/session", """{"externalId":"ses_1"}""");

        await Assert.That(first.Status).IsEqualTo(503);
        await Assert.That(second.Status).IsEqualTo(503);
        await Assert.That(third.Status).IsEqualTo(200);
        await Assert.That(server.FindSession("ses_1")!.Writes).IsEqualTo(1);
        await Assert.That(server.Requests.Count(r => r.Fault == "fail")).IsEqualTo(2);
    }

    [Test]
    public async Task A_429_carries_retry_after_and_the_given_body()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();
        server.Faults.FailNext(1, 429, body: """{"error":"slow down"}""", retryAfterSeconds: 7);

        var reply = await Wire.Get(client, "health");

        await Assert.That(reply.Status).IsEqualTo(429);
        await Assert.That(reply.Response.Headers.RetryAfter!.Delta).IsEqualTo(TimeSpan.FromSeconds(7));
        await Assert.That(reply.Error).IsEqualTo("slow down");
    }

    [Test]
    public async Task A_fault_scoped_to_a_path_leaves_other_routes_alone()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();
        server.Faults.FailNext(1, 500, pathPrefix: "/sync/message");

        var health = await Wire.Get(client, "health");
        var message = await Wire.Post(client, "sync/message", Wire.Message("msg_1"));

        await Assert.That(health.Status).IsEqualTo(200);
        await Assert.That(message.Status).IsEqualTo(500);
        await Assert.That(server.Messages.Count).IsEqualTo(0);
    }

    [Test]
    public async Task A_failure_after_processing_keeps_the_write_the_client_never_heard_about()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();
        server.Faults.FailNext(1, 500, afterProcessing: true);

        var reply = await Wire.Post(client, "sync/session", """{"externalId":"ses_1","title":"t"}""");

        await Assert.That(reply.Status).IsEqualTo(500);
        await Assert.That(reply.Text).DoesNotContain("sessionId");
        await Assert.That(server.FindSession("ses_1")!.Title).IsEqualTo("t");
    }

    [Test]
    public async Task A_dropped_connection_fails_the_request_and_the_next_one_succeeds()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();
        server.Faults.DropNext(1);

        var dropped = await Wire.Failure(() => Wire.Post(client, "sync/session", """{"externalId":"ses_1"}"""));
        var next = await Wire.Post(client, "sync/session", """{"externalId":"ses_1"}""");

        await Assert.That(dropped).IsTypeOf<HttpRequestException>();
        await Assert.That(next.Status).IsEqualTo(200);
        await Assert.That(server.Requests[0].Status).IsEqualTo(0);
        await Assert.That(server.Requests[0].Fault).IsEqualTo("drop");
    }

    [Test]
    public async Task A_stall_outlasts_a_client_timeout_and_then_the_server_answers_normally()
    {
        await using var server = await Server.StartAsync();
        using var impatient = server.CreateClient();
        impatient.Timeout = TimeSpan.FromMilliseconds(300);
        using var client = server.CreateClient();
        server.Faults.StallNext(1, TimeSpan.FromHours(1));

        var stalled = await Wire.Failure(() => Wire.Get(impatient, "health"));
        var next = await Wire.Get(client, "health");

        await Assert.That(stalled).IsTypeOf<TaskCanceledException>();
        await Assert.That(next.Status).IsEqualTo(200);
        await Assert.That(server.Faults.Pending.Count).IsEqualTo(0);
    }

    [Test]
    public async Task A_short_stall_delays_then_answers()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();
        server.Faults.StallNext(1, TimeSpan.FromMilliseconds(250));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var reply = await Wire.Post(client, "sync/session", """{"externalId":"ses_1"}""");

        await Assert.That(reply.Status).IsEqualTo(200);
        await Assert.That(watch.Elapsed).IsGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(240));
        await Assert.That(server.Sessions.Count).IsEqualTo(1);
    }

    [Test]
    public async Task Latency_holds_every_backend_request_survives_a_reset_and_spares_the_admin_routes()
    {
        // An hour: a request that answers before the impatient client gives up was not delayed at all.
        await using var server = await Server.StartAsync(new ContractServerOptions { Latency = TimeSpan.FromHours(1) });
        using var impatient = server.CreateClient();
        impatient.Timeout = TimeSpan.FromMilliseconds(300);
        using var client = server.CreateClient();
        using var admin = server.CreateClient(apiKey: null);

        var delayed = await Wire.Failure(() => Wire.Post(impatient, "sync/session", """{"externalId":"ses_1"}"""));
        var reset = await Wire.Post(admin, "__admin/reset", "");
        var state = await Wire.Get(admin, "__admin/state");
        var set = await Wire.Post(admin, "__admin/latency", """{"ms":0}""");
        var after = await Wire.Post(client, "sync/session", """{"externalId":"ses_2"}""");
        var missing = await Wire.Post(admin, "__admin/latency", "{}");

        await Assert.That(delayed).IsTypeOf<TaskCanceledException>();
        await Assert.That(reset.Status).IsEqualTo(200);
        await Assert.That(state.Json!["latencyMs"]!.GetValue<long>()).IsEqualTo(3_600_000);
        await Assert.That(set.Status).IsEqualTo(200);
        await Assert.That(after.Status).IsEqualTo(200);
        await Assert.That(server.Faults.Latency).IsEqualTo(TimeSpan.Zero);
        await Assert.That(server.Sessions.Select(x => x.ExternalId)).IsEquivalentTo(["ses_2"]);
        await Assert.That(missing.Status).IsEqualTo(400);
    }

    [Test]
    public async Task Down_refuses_every_request_until_up()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();
        server.Faults.Down();

        var health = await Wire.Failure(() => Wire.Get(client, "health"));
        var session = await Wire.Failure(() => Wire.Post(client, "sync/session", """{"externalId":"ses_1"}"""));
        server.Faults.Up();
        var after = await Wire.Post(client, "sync/session", """{"externalId":"ses_1"}""");

        await Assert.That(health).IsTypeOf<HttpRequestException>();
        await Assert.That(session).IsTypeOf<HttpRequestException>();
        await Assert.That(after.Status).IsEqualTo(200);
        await Assert.That(server.Sessions.Count).IsEqualTo(1);
    }

    [Test]
    public async Task Admin_endpoints_drive_faults_keys_state_and_reset_over_http()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();
        using var admin = server.CreateClient(apiKey: null);

        await Wire.Post(admin, "__admin/fail", """{"count":1,"status":503,"pathPrefix":"/sync"}""");
        var failed = await Wire.Post(client, "sync/session", """{"externalId":"ses_1"}""");
        await Wire.Post(admin, "__admin/keys/revoke", $$"""{"key":"{{Server.DefaultApiKey}}"}""");
        var revoked = await Wire.Post(client, "sync/session", """{"externalId":"ses_1"}""");
        await Wire.Post(admin, "__admin/keys/restore", $$"""{"key":"{{Server.DefaultApiKey}}"}""");
        await Wire.Post(client, "sync/session", """{"externalId":"ses_1","title":"t"}""");
        var state = await Wire.Get(admin, "__admin/state");
        var reset = await Wire.Post(admin, "__admin/reset", "");
        var bad = await Wire.Post(admin, "__admin/stall", """{"count":"many"}""");

        await Assert.That(failed.Status).IsEqualTo(503);
        await Assert.That(revoked.Status).IsEqualTo(401);
        await Assert.That(state.Json!["sessions"]![0]!["title"]!.GetValue<string>()).IsEqualTo("t");
        await Assert.That(state.Json!["routeCounts"]!["POST /sync/session"]!.GetValue<int>()).IsEqualTo(3);
        await Assert.That(reset.Status).IsEqualTo(200);
        await Assert.That(server.Sessions.Count).IsEqualTo(0);
        await Assert.That(server.Requests.Count).IsEqualTo(0);
        await Assert.That(bad.Status).IsEqualTo(400);
    }

    [Test]
    public async Task Admin_down_and_up_work_over_http()
    {
        await using var server = await Server.StartAsync();
        using var admin = server.CreateClient(apiKey: null);

        await Wire.Post(admin, "__admin/down", "");
        var down = await Wire.Failure(() => Wire.Get(admin, "health"));
        await Wire.Post(admin, "__admin/up", "");
        var up = await Wire.Get(admin, "health");

        await Assert.That(down).IsTypeOf<HttpRequestException>();
        await Assert.That(up.Status).IsEqualTo(200);
    }
}
