using System.Text.Json.Nodes;
using OpenCodeSync.Tests.Support;
using OpenSync.ContractServer;
using Server = OpenSync.ContractServer.ContractServer;

namespace OpenCodeSync.Tests.Delivery;

/// <summary>
/// A session whose info (session.created / session.updated) never reaches the hook: its messages may not simply go
/// first (the backend would auto-create the session with createdAt = delivery time); they are held for a while and
/// then the session is created from them, with createdAt = its earliest message's <c>time.created</c>.
/// </summary>
public class MissingSessionInfoTests
{
    // ───── ADAPT HERE if the product names the hold setting differently ─────
    // The hold is the config setting `sync.session-wait` (whole seconds; default 30). The test sets it to 0 so the
    // session is created as soon as its messages are folded instead of after 30 s.
    private const string SessionWaitKey = "sync.session-wait";
    private const string SessionWaitValue = "0";

    [Test]
    public async Task A_session_whose_info_never_arrives_is_created_from_its_messages_at_the_earliest_message_time()
    {
        // The Tool session: a user turn and two assistant replies, message and part events only.
        var lines = HookStream.Relevant(Fixtures.Tool)
            .Where(l => (string?)JsonNode.Parse(l)!["type"] is "message.updated" or "message.part.updated")
            .ToList();
        var sid = (string)JsonNode.Parse(lines[0])!["properties"]!["sessionID"]!;
        var earliest = lines.Select(l => JsonNode.Parse(l)!["properties"]!["info"]?["time"]?["created"])
            .Where(t => t is not null).Min(t => (long)t!);
        // Nothing to expect of the fields only the session info has.
        var expected = BackendState.Expected(lines).WithoutSessionFields(BackendState.SessionInfoFields);
        await Assert.That(expected[sid + ".createdAt"]).IsEqualTo(BackendState.Num(earliest));
        await Assert.That(expected.Fields.Count(f => f.Value == "message")).IsEqualTo(3);

        await using var server = await Server.StartAsync(new ContractServerOptions { SumMessageTokensIntoSession = false });
        using var home = new TestHome();
        var env = HookStream.Env(home, server);
        var set = await PublishedBinary.RunAsync(["config", "set", SessionWaitKey, SessionWaitValue], env);
        await Assert.That(set.ExitCode).IsEqualTo(0).Because($"`config set {SessionWaitKey} {SessionWaitValue}` must be accepted: {set.All.Trim()}");

        await HookStream.RunHooksAsync(lines, env);
        await HookStream.DeliverAllAsync(home, env);

        var state = BackendState.Capture(server).WithoutSessionFields(BackendState.SessionInfoFields);
        await Assert.That(state.Mismatch("session info never sent", expected)).IsNull();
    }
}
