using OpenCodeSync.Tests.Support;
using OpenCodeSync.State;

namespace OpenCodeSync.Tests.Delivery;

/// <summary>
/// How delivery finds out whether the backend adds an inserted message's tokens to its session — the one fact that
/// decides whether a session's final record may go at once or must wait out the 10 s dedup window.
/// </summary>
public class MessageTokenProbeTests
{
    private static string Url(DeliveryHarness h) => h.Server.BaseAddress.ToString().TrimEnd('/');

    private static int Reads(DeliveryHarness h) => h.Server.Requests.Count(r => r.Path == "/api/sessions");

    [Test]
    [Arguments(false, MessageTokenEffect.Kept)]
    [Arguments(true, MessageTokenEffect.Unknown)]
    public async Task The_backends_arithmetic_is_read_back_once_and_the_records_stay_exact(bool olderBackend, MessageTokenEffect expected)
    {
        await using var h = await DeliveryHarness.StartAsync(serverOptions: new() { SumMessageTokensIntoSession = olderBackend });
        var lines = Fixtures.TextLines(Fixtures.Multi);
        var want = h.ExpectedFor(lines);
        h.Journal.AppendAll(lines);

        var result = await h.FlushAsync();

        await Assert.That(result.Pending).IsEqualTo(0);
        await Assert.That(h.Db.MessageTokens(Url(h))).IsEqualTo(expected);
        await Assert.That(h.Actual()).IsEqualTo(want);
        // Kept: known after one look before and one after a single insert. Summed is never concluded (it looks like a
        // concurrent write), so an older backend is looked at again at each first token-carrying insert.
        if (expected == MessageTokenEffect.Kept)
            await Assert.That(Reads(h)).IsEqualTo(2);
    }

    [Test]
    public async Task A_deployment_without_the_read_route_is_asked_once_and_delivery_stays_cautious_and_exact()
    {
        await using var h = await DeliveryHarness.StartAsync(serverOptions: new() { ReadRoutes = false, SumMessageTokensIntoSession = true });
        var lines = Fixtures.TextLines(Fixtures.Multi);
        var want = h.ExpectedFor(lines);
        h.Journal.AppendAll(lines);

        var result = await h.FlushAsync();

        await Assert.That(result.Pending).IsEqualTo(0);
        await Assert.That(h.Db.MessageTokens(Url(h))).IsEqualTo(MessageTokenEffect.Unprobeable);
        await Assert.That(h.Actual()).IsEqualTo(want);
        await Assert.That(Reads(h)).IsEqualTo(1);
    }

    [Test]
    public async Task What_one_backend_taught_is_not_applied_to_another()
    {
        await using var h = await DeliveryHarness.StartAsync();
        h.Db.SetMessageTokens("https://other.example.convex.site", MessageTokenEffect.Summed);
        h.Journal.AppendAll(Fixtures.TextLines(Fixtures.Simple));

        await h.FlushAsync();

        await Assert.That(h.Db.MessageTokens(Url(h))).IsEqualTo(MessageTokenEffect.Kept);
        await Assert.That(h.Db.MessageTokens("https://other.example.convex.site")).IsEqualTo(MessageTokenEffect.Summed);
    }
}
