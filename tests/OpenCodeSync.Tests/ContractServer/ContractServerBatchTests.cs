using OpenSync.ContractServer;
using Server = OpenSync.ContractServer.ContractServer;

namespace OpenCodeSync.Tests.ContractServer;

public class ContractServerBatchTests
{
    [Test]
    public async Task CreatedAt_in_a_batch_session_fails_the_whole_sessions_batch_with_200()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();

        var reply = await Wire.Post(client, "sync/batch",
            """{"sessions":[{"externalId":"ses_ok"},{"externalId":"ses_bad","createdAt":1700000000000}]}""");

        await Assert.That(reply.Status).IsEqualTo(200);
        await Assert.That(reply.Json!["ok"]!.GetValue<bool>()).IsTrue();
        await Assert.That(reply.Json!["sessions"]!.GetValue<int>()).IsEqualTo(0);
        await Assert.That(reply.Json!["errors"]![0]!.GetValue<string>())
            .StartsWith("Sessions batch error: ArgumentValidationError: Object contains extra field `createdAt`");
        await Assert.That(server.Sessions.Count).IsEqualTo(0);
    }

    [Test]
    public async Task A_valid_batch_writes_sessions_then_messages()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();

        var reply = await Wire.Post(client, "sync/batch",
            $$"""{"sessions":[{"externalId":"ses_1","title":"t"}],"messages":[{{Wire.Message("msg_1")}},{{Wire.Message("msg_2")}}]}""");

        await Assert.That(reply.Text).IsEqualTo("""{"ok":true,"sessions":1,"messages":2,"errors":[]}""");
        await Assert.That(server.MessagesOf("ses_1").Count).IsEqualTo(2);
        await Assert.That(server.AutoCreatedSessions.Count).IsEqualTo(0);
    }

    [Test]
    public async Task One_invalid_message_fails_the_whole_messages_batch_but_not_the_sessions()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();
        var bad = """{"sessionExternalId":"ses_1","externalId":"msg_2","role":"assistant","textContent":null}""";

        var reply = await Wire.Post(client, "sync/batch",
            $$"""{"sessions":[{"externalId":"ses_1"}],"messages":[{{Wire.Message("msg_1")}},{{bad}}]}""");

        await Assert.That(reply.Status).IsEqualTo(200);
        await Assert.That(reply.Json!["sessions"]!.GetValue<int>()).IsEqualTo(1);
        await Assert.That(reply.Json!["messages"]!.GetValue<int>()).IsEqualTo(0);
        await Assert.That(reply.Json!["errors"]!.AsArray().Count).IsEqualTo(1);
        await Assert.That(reply.Json!["errors"]![0]!.GetValue<string>()).StartsWith("Messages batch error: ArgumentValidationError");
        await Assert.That(reply.Json!["errors"]![0]!.GetValue<string>()).Contains("Path: .messages[1].textContent");
        await Assert.That(server.Messages.Count).IsEqualTo(0);
    }

    [Test]
    public async Task A_batch_update_of_an_existing_message_drops_its_parts()
    {
        var clock = new ManualTimeProvider();
        await using var server = await Server.StartAsync(new() { TimeProvider = clock });
        using var client = server.CreateClient();
        await Wire.Post(client, "sync/session", """{"externalId":"ses_1"}""");
        await Wire.Post(client, "sync/message", Wire.Message("msg_1", parts: """[{"type":"text","content":"v1"}]"""));
        clock.Advance(TimeSpan.FromSeconds(6));

        var reply = await Wire.Post(client, "sync/batch",
            $$"""{"messages":[{{Wire.Message("msg_1", parts: """[{"type":"text","content":"v2"}]""")}}]}""");

        await Assert.That(reply.Json!["messages"]!.GetValue<int>()).IsEqualTo(1);
        await Assert.That(server.FindMessage("msg_1")!.Parts.Count).IsEqualTo(0);
        await Assert.That(server.FindMessage("msg_1")!.Writes).IsEqualTo(2);
    }

    [Test]
    public async Task A_message_too_large_to_store_is_reported_by_id_and_the_others_are_written()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();
        var huge = new string('a', 1024 * 1024);
        var big = $$"""{"sessionExternalId":"ses_1","externalId":"msg_big","role":"assistant","textContent":"{{huge}}"}""";

        var reply = await Wire.Post(client, "sync/batch",
            $$"""{"sessions":[{"externalId":"ses_1"}],"messages":[{{Wire.Message("msg_1")}},{{big}}]}""");

        await Assert.That(reply.Json!["messages"]!.GetValue<int>()).IsEqualTo(1);
        await Assert.That(reply.Json!["errors"]![0]!.GetValue<string>()).StartsWith("msg_big: Error: Value is too large");
        await Assert.That(server.FindMessage("msg_1")).IsNotNull();
        await Assert.That(server.FindMessage("msg_big")).IsNull();
    }

    [Test]
    public async Task More_than_8192_messages_in_one_batch_fail_the_batch()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();
        var messages = string.Join(",", Enumerable.Range(0, 8193).Select(i => Wire.Message($"msg_{i}", parts: "[]")));

        var reply = await Wire.Post(client, "sync/batch", $$"""{"sessions":[{"externalId":"ses_1"}],"messages":[{{messages}}]}""");

        await Assert.That(reply.Json!["errors"]![0]!.GetValue<string>()).StartsWith("Messages batch error: Error: Array length is too long");
        await Assert.That(server.Messages.Count).IsEqualTo(0);
    }
}
