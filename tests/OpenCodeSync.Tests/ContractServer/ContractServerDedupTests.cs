using OpenSync.ContractServer;
using Server = OpenSync.ContractServer.ContractServer;

namespace OpenCodeSync.Tests.ContractServer;

/// <summary>The backend's dedup windows, crossed with a hand-moved clock.</summary>
public class ContractServerDedupTests
{
    [Test]
    public async Task A_message_repeat_within_5s_of_its_createdAt_is_skipped_and_recorded()
    {
        var clock = new ManualTimeProvider();
        await using var server = await Server.StartAsync(new() { TimeProvider = clock });
        using var client = server.CreateClient();
        await Wire.Post(client, "sync/session", """{"externalId":"ses_1"}""");
        var first = await Wire.Post(client, "sync/message", Wire.Message("msg_1", parts: """[{"type":"text","content":"v1"}]"""));
        clock.Advance(TimeSpan.FromMilliseconds(4999));

        var repeat = await Wire.Post(client, "sync/message", Wire.Message("msg_1", parts: """[{"type":"text","content":"v2"}]"""));

        await Assert.That(repeat.Status).IsEqualTo(200);
        await Assert.That(repeat.Json!["messageId"]!.GetValue<string>()).IsEqualTo(first.Json!["messageId"]!.GetValue<string>());
        await Assert.That(server.FindMessage("msg_1")!.Parts[0].Content.GetString()).IsEqualTo("v1");
        await Assert.That(server.SkippedUpdates.Count).IsEqualTo(1);
        await Assert.That(server.SkippedUpdates[0].Kind).IsEqualTo("message");
        await Assert.That(server.Requests[^1].Skipped).IsTrue();
    }

    [Test]
    public async Task A_message_update_after_5s_replaces_fields_and_all_parts()
    {
        var clock = new ManualTimeProvider();
        await using var server = await Server.StartAsync(new() { TimeProvider = clock });
        using var client = server.CreateClient();
        await Wire.Post(client, "sync/session", """{"externalId":"ses_1"}""");
        await Wire.Post(client, "sync/message", Wire.Message("msg_1", parts: """[{"type":"text","content":"a"},{"type":"text","content":"b"}]"""));
        clock.Advance(TimeSpan.FromSeconds(5));

        var update = await Wire.Post(client, "sync/message",
            """{"sessionExternalId":"ses_1","externalId":"msg_1","role":"assistant","textContent":"done","parts":[{"type":"text","content":"c"}]}""");

        var stored = server.FindMessage("msg_1")!;
        await Assert.That(update.Status).IsEqualTo(200);
        await Assert.That(stored.TextContent).IsEqualTo("done");
        await Assert.That(stored.Parts.Count).IsEqualTo(1);
        await Assert.That(stored.Parts[0].Content.GetString()).IsEqualTo("c");
        await Assert.That(server.SkippedUpdates.Count).IsEqualTo(0);
    }

    [Test]
    public async Task A_same_session_update_within_10s_is_skipped_even_when_only_cost_changed()
    {
        var clock = new ManualTimeProvider();
        await using var server = await Server.StartAsync(new() { TimeProvider = clock });
        using var client = server.CreateClient();
        await Wire.Post(client, "sync/session", """{"externalId":"ses_1","title":"t","promptTokens":10,"cost":0.1}""");
        clock.Advance(TimeSpan.FromMilliseconds(9999));

        var reply = await Wire.Post(client, "sync/session", """{"externalId":"ses_1","title":"t","promptTokens":10,"cost":0.5}""");

        await Assert.That(reply.Status).IsEqualTo(200);
        await Assert.That(server.FindSession("ses_1")!.Cost).IsEqualTo(0.1);
        await Assert.That(server.FindSession("ses_1")!.Writes).IsEqualTo(1);
        await Assert.That(server.SkippedUpdates.Count).IsEqualTo(1);
        await Assert.That(server.SkippedUpdates[0].Kind).IsEqualTo("session");
    }

    [Test]
    public async Task A_session_update_is_applied_after_10s_or_when_a_compared_field_changes()
    {
        var clock = new ManualTimeProvider();
        await using var server = await Server.StartAsync(new() { TimeProvider = clock });
        using var client = server.CreateClient();
        await Wire.Post(client, "sync/session", """{"externalId":"ses_1","title":"t","cost":0.1}""");
        clock.Advance(TimeSpan.FromSeconds(1));

        await Wire.Post(client, "sync/session", """{"externalId":"ses_1","title":"t2"}""");
        clock.Advance(TimeSpan.FromSeconds(10));
        await Wire.Post(client, "sync/session", """{"externalId":"ses_1","title":"t2","cost":0.5}""");

        var session = server.FindSession("ses_1")!;
        await Assert.That(session.Title).IsEqualTo("t2");
        await Assert.That(session.Cost).IsEqualTo(0.5);
        await Assert.That(session.Writes).IsEqualTo(3);
        await Assert.That(server.SkippedUpdates.Count).IsEqualTo(0);
    }

    [Test]
    public async Task Session_tokens_are_written_only_when_positive()
    {
        var clock = new ManualTimeProvider();
        await using var server = await Server.StartAsync(new() { TimeProvider = clock });
        using var client = server.CreateClient();
        await Wire.Post(client, "sync/session", """{"externalId":"ses_1","promptTokens":10,"completionTokens":4}""");
        clock.Advance(TimeSpan.FromSeconds(11));

        await Wire.Post(client, "sync/session", """{"externalId":"ses_1","title":"x","promptTokens":0,"completionTokens":7}""");

        var session = server.FindSession("ses_1")!;
        await Assert.That(session.PromptTokens).IsEqualTo(10);
        await Assert.That(session.CompletionTokens).IsEqualTo(7);
        await Assert.That(session.TotalTokens).IsEqualTo(17);
    }

    [Test]
    public async Task A_message_for_an_unknown_session_auto_creates_a_bare_one()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();

        var reply = await Wire.Post(client, "sync/message", Wire.Message("msg_1", session: "ses_orphan"));

        await Assert.That(reply.Status).IsEqualTo(200);
        await Assert.That(server.AutoCreatedSessions.Count).IsEqualTo(1);
        await Assert.That(server.AutoCreatedSessions[0].ExternalId).IsEqualTo("ses_orphan");
        await Assert.That(server.AutoCreatedSessions[0].Title).IsNull();
    }

    [Test]
    public async Task Sending_the_session_first_creates_nothing_automatically()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();

        await Wire.Post(client, "sync/session", """{"externalId":"ses_1","title":"t"}""");
        await Wire.Post(client, "sync/message", Wire.Message("msg_1"));

        await Assert.That(server.AutoCreatedSessions.Count).IsEqualTo(0);
        await Assert.That(server.FindSession("ses_1")!.MessageCount).IsEqualTo(1);
        await Assert.That(server.RouteCounts["POST /sync/message"]).IsEqualTo(1);
    }
}
