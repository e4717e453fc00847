using OpenSync.ContractServer;
using Server = OpenSync.ContractServer.ContractServer;

namespace OpenCodeSync.Tests.ContractServer;

/// <summary>
/// The test backend against today's OpenSync on the two points records depend on: session totals come only from
/// session upserts (an older deployment summed message tokens, behind an option), and createdAt is set on insert only.
/// </summary>
public class ContractServerTodayTests
{
    private static string Reply(string id, int prompt, int completion) =>
        $$"""{"sessionExternalId":"ses_1","externalId":"{{id}}","role":"assistant","promptTokens":{{prompt}},"completionTokens":{{completion}},"parts":[{"type":"text","content":"x"}]}""";

    [Test]
    public async Task Message_inserts_leave_the_session_totals_as_the_session_upsert_wrote_them()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();
        await Wire.Post(client, "sync/session", """{"externalId":"ses_1","promptTokens":100,"completionTokens":20}""");
        await Wire.Post(client, "sync/message", Reply("msg_1", 60, 10));
        await Wire.Post(client, "sync/batch", $$"""{"messages":[{{Reply("msg_2", 40, 10)}}]}""");

        var session = server.Sessions.Single();
        await Assert.That(session.PromptTokens).IsEqualTo(100);
        await Assert.That(session.CompletionTokens).IsEqualTo(20);
        await Assert.That(session.TotalTokens).IsEqualTo(120);
        await Assert.That(session.MessageCount).IsEqualTo(2);
    }

    [Test]
    public async Task A_session_sent_without_totals_keeps_0_whatever_its_messages_carry()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();
        await Wire.Post(client, "sync/session", """{"externalId":"ses_1","title":"t"}""");
        await Wire.Post(client, "sync/message", Reply("msg_1", 60, 10));

        await Assert.That(server.Sessions.Single().PromptTokens).IsEqualTo(0);
        await Assert.That(server.Sessions.Single().CompletionTokens).IsEqualTo(0);
    }

    [Test]
    public async Task An_older_backend_adds_each_inserted_messages_tokens_on_both_routes()
    {
        await using var server = await Server.StartAsync(new() { SumMessageTokensIntoSession = true });
        using var client = server.CreateClient();
        await Wire.Post(client, "sync/session", """{"externalId":"ses_1"}""");
        await Wire.Post(client, "sync/message", Reply("msg_1", 60, 10));
        await Wire.Post(client, "sync/batch", $$"""{"messages":[{{Reply("msg_2", 40, 5)}}]}""");

        await Assert.That(server.Sessions.Single().PromptTokens).IsEqualTo(100);
        await Assert.That(server.Sessions.Single().CompletionTokens).IsEqualTo(15);
    }

    [Test]
    public async Task A_sessions_createdAt_is_set_on_insert_and_no_later_upsert_moves_it()
    {
        var clock = new ManualTimeProvider();
        await using var server = await Server.StartAsync(new() { TimeProvider = clock });
        using var client = server.CreateClient();
        await Wire.Post(client, "sync/session", """{"externalId":"ses_1","createdAt":1000}""");
        clock.Advance(TimeSpan.FromSeconds(30));

        await Wire.Post(client, "sync/session", """{"externalId":"ses_1","title":"later","createdAt":5000}""");

        await Assert.That(server.Sessions.Single().Title).IsEqualTo("later");
        await Assert.That(server.Sessions.Single().CreatedAt).IsEqualTo(1000);
    }

    [Test]
    public async Task A_session_a_message_created_keeps_the_delivery_time_as_createdAt()
    {
        var clock = new ManualTimeProvider();
        await using var server = await Server.StartAsync(new() { TimeProvider = clock });
        using var client = server.CreateClient();
        await Wire.Post(client, "sync/message", Wire.Message("msg_1"));
        var deliveredAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        clock.Advance(TimeSpan.FromSeconds(30));

        await Wire.Post(client, "sync/session", """{"externalId":"ses_1","title":"t","createdAt":1000}""");

        var session = server.Sessions.Single();
        await Assert.That(session.AutoCreated).IsTrue();
        await Assert.That(session.CreatedAt).IsEqualTo(deliveredAt);
    }

    [Test]
    public async Task A_message_keeps_the_createdAt_it_was_sent_with_and_its_repeat_window_counts_from_it()
    {
        var clock = new ManualTimeProvider();
        await using var server = await Server.StartAsync(new() { TimeProvider = clock });
        using var client = server.CreateClient();
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await Wire.Post(client, "sync/session", """{"externalId":"ses_1"}""");
        await Wire.Post(client, "sync/message", $$"""{"sessionExternalId":"ses_1","externalId":"msg_1","role":"user","createdAt":{{now - 4_000}},"parts":[{"type":"text","content":"v1"}]}""");
        await Assert.That(server.FindMessage("msg_1")!.CreatedAt).IsEqualTo(now - 4_000);

        // 1.5 s after the insert, but 5.5 s after the message's own createdAt: not a repeat.
        clock.Advance(TimeSpan.FromMilliseconds(1_500));
        await Wire.Post(client, "sync/message", """{"sessionExternalId":"ses_1","externalId":"msg_1","role":"user","parts":[{"type":"text","content":"v2"}]}""");

        await Assert.That(server.FindMessage("msg_1")!.Parts[0].Content.GetString()).IsEqualTo("v2");
        await Assert.That(server.SkippedUpdates).IsEmpty();
    }

    [Test]
    public async Task A_batch_message_may_not_carry_createdAt()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();
        var reply = await Wire.Post(client, "sync/batch",
            """{"messages":[{"sessionExternalId":"ses_1","externalId":"msg_1","role":"user","createdAt":5}]}""");

        await Assert.That(reply.Json!["errors"]!.ToJsonString()).Contains("createdAt");
        await Assert.That(server.Messages).IsEmpty();
    }
}
