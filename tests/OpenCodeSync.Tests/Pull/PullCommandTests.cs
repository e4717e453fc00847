using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCodeSync.Archive;
using OpenCodeSync.Cli;
using OpenCodeSync.Commands;
using OpenCodeSync.Hosting;
using OpenCodeSync.Pull;
using OpenCodeSync.State;
using OpenCodeSync.Tests.Archive;
using OpenCodeSync.Tests.ContractServer;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Pull;

/// <summary>
/// <c>pull</c> against the strict contract server: machine B delivers its sessions through the real delivery path
/// (or another tool posts its own shapes), machine A pulls them into its archive.
/// </summary>
public class PullCommandTests
{
    private static readonly string[] MachineB = [Fixtures.Simple, Fixtures.Tool, Fixtures.Multi];

    private static async Task<(int Code, string Out, string Err)> Pull(TestHome home, DeliveryHarness h, PullOptions? pull = null,
        bool json = false, bool dryRun = false, string? since = null, string? project = null, string? apiKey = null, int timeout = 0,
        OpenCodeSync.Http.HttpPolicy? http = null)
    {
        var console = new FakeConsole();
        home.Env.Vars[EnvVars.Url] = h.Server.BaseAddress.ToString().TrimEnd('/');
        home.Env.Vars[EnvVars.ApiKey] = apiKey ?? h.ApiKey;
        var ctx = new CliContext(console, home.Env, new SystemClock())
        {
            WorkingDirectory = home.Project, Delivery = DeliveryHarness.FastOptions with { Http = http ?? DeliveryHarness.FastOptions.Http },
            Pull = pull ?? PullOptions.Default,
            WakeDelivery = _ => OpenCodeSync.Delivery.WakeResult.Disabled,
        };
        var code = await new PullCommand(ctx).RunAsync(dryRun: dryRun, since: since, project: project, json: json, timeout: timeout);
        return (code, console.Stdout, console.Stderr);
    }

    /// <summary>Machine B: the fixtures' sessions, delivered the way the hook and delivery send them.</summary>
    private static async Task<DeliveryHarness> MachineBDelivered(params string[] fixtures)
    {
        var h = await DeliveryHarness.StartAsync();
        foreach (var f in fixtures.Length == 0 ? MachineB : fixtures)
            h.Journal.AppendAll(Fixtures.TextLines(f));
        await h.FlushAsync();
        return h;
    }

    private static int Fetches(DeliveryHarness h) => h.Server.Requests.Count(r => r.Path == "/api/sessions/get");

    /// <summary>What a message is, as the backend holds it and as the archive's record says it: comparable text.</summary>
    private static string Essence(string externalId, string role, string? text, IEnumerable<(string Type, JsonNode? Content)> parts) =>
        CanonicalJson.Of(new JsonObject
        {
            ["externalId"] = externalId,
            ["role"] = role,
            ["textContent"] = text,
            ["parts"] = new JsonArray([.. parts.Select(p => (JsonNode)new JsonObject { ["type"] = p.Type, ["content"] = p.Content?.DeepClone() })]),
        }.ToJsonString());

    private static List<string> ServerEssence(DeliveryHarness h, string sessionId) =>
        [.. h.Server.MessagesOf(sessionId).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id, StringComparer.Ordinal)
            .Select(m => Essence(m.ExternalId, m.Role, m.TextContent, m.Parts.OrderBy(p => p.Order).Select(p => (p.Type, JsonNode.Parse(p.Content.GetRawText())))))];

    private static List<string> ArchiveEssence(TestHome home, string sessionId)
    {
        using var archive = ArchiveDb.Open(home.Paths.DataDir);
        var stored = archive.Load(sessionId, configured: true) ?? throw new InvalidOperationException($"{sessionId} is not in the archive");
        return [.. stored.Messages.Select(m => JsonNode.Parse(m.RecordJson)!.AsObject()).Select(o => Essence(
            o["externalId"]!.GetValue<string>(), o["role"]!.GetValue<string>(), o["textContent"]?.GetValue<string>(),
            (o["parts"]?.AsArray() ?? []).Select(p => (p!["type"]!.GetValue<string>(), p["content"]))))];
    }

    private static List<SessionSummary> Sessions(TestHome home)
    {
        using var archive = ArchiveDb.Open(home.Paths.DataDir);
        return archive.ListSessions(new SessionFilter(), 1000, configured: true);
    }

    [Test]
    public async Task Another_machines_sessions_arrive_message_for_message_and_are_searchable()
    {
        await using var h = await MachineBDelivered();
        using var home = new TestHome();

        var (code, output, err) = await Pull(home, h);

        await Assert.That(code).IsEqualTo(ExitCodes.Ok).Because(output + err);
        var ids = h.Server.Sessions.Select(s => s.ExternalId).Order(StringComparer.Ordinal).ToList();
        await Assert.That(Sessions(home).Select(s => s.Id).Order(StringComparer.Ordinal)).IsEquivalentTo(ids, TUnit.Assertions.Enums.CollectionOrdering.Matching);
        foreach (var id in ids)
            await Assert.That(ArchiveEssence(home, id)).IsEquivalentTo(ServerEssence(h, id), TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(output).Contains($"pulled {ids.Count} session(s)");

        var first = h.Server.Messages.First(m => m.TextContent is { } t && System.Text.RegularExpressions.Regex.IsMatch(t, "[A-Za-z]{6,}"));
        var word = System.Text.RegularExpressions.Regex.Matches(first.TextContent!, "[A-Za-z]{6,}").Select(x => x.Value).OrderByDescending(w => w.Length).First();
        using var archive = ArchiveDb.Open(home.Paths.DataDir);
        var hits = archive.Search(word, new SessionFilter(), 50);
        await Assert.That(hits.Select(x => x.SessionId)).Contains(first.SessionExternalId);
    }

    [Test]
    public async Task A_second_pull_with_nothing_changed_fetches_no_session_and_a_changed_one_is_fetched_alone()
    {
        await using var h = await MachineBDelivered();
        using var home = new TestHome();
        await Pull(home, h);
        var afterFirst = Fetches(h);

        var (code, output, _) = await Pull(home, h);
        await Assert.That(code).IsEqualTo(ExitCodes.Ok);
        await Assert.That(Fetches(h)).IsEqualTo(afterFirst);
        await Assert.That(output).Contains("pulled 0 session(s)");

        var changed = h.Server.Sessions.OrderBy(s => s.ExternalId, StringComparer.Ordinal).First();
        using (var client = h.Server.CreateClient())
            await Wire.Post(client, "sync/message", $$"""{"sessionExternalId":"{{changed.ExternalId}}","externalId":"msg_from_b_later","role":"user","textContent":"a later question about zeppelins"}""");

        (code, output, _) = await Pull(home, h);
        await Assert.That(code).IsEqualTo(ExitCodes.Ok);
        await Assert.That(Fetches(h)).IsEqualTo(afterFirst + 1);
        await Assert.That(ArchiveEssence(home, changed.ExternalId)).IsEquivalentTo(ServerEssence(h, changed.ExternalId), TUnit.Assertions.Enums.CollectionOrdering.Matching);
        using var archive = ArchiveDb.Open(home.Paths.DataDir);
        await Assert.That(archive.Search("zeppelins", new SessionFilter(), 10).Select(x => x.SessionId)).IsEquivalentTo([changed.ExternalId]);
    }

    [Test]
    public async Task A_list_longer_than_a_page_is_grown_until_it_holds_every_session()
    {
        await using var h = await DeliveryHarness.StartAsync();
        using (var client = h.Server.CreateClient())
            for (var i = 0; i < 11; i++)
                await Wire.Post(client, "sync/session", $$"""{"externalId":"ses_other_{{i:00}}","title":"Session {{i}}"}""");
        using var home = new TestHome();

        var (code, output, err) = await Pull(home, h, new PullOptions { FirstPage = 2, Concurrency = 3 });

        await Assert.That(code).IsEqualTo(ExitCodes.Ok).Because(output + err);
        await Assert.That(Sessions(home).Count).IsEqualTo(11);
        // 2, then 8, then 32 (which came back short: the whole account).
        await Assert.That(h.Server.Requests.Where(r => r.Path == "/api/sessions").Count()).IsEqualTo(3);
    }

    [Test]
    public async Task Other_sources_shapes_are_imported_odd_parts_kept_raw_or_counted_and_the_run_goes_on()
    {
        await using var h = await DeliveryHarness.StartAsync();
        using (var client = h.Server.CreateClient())
        {
            await Wire.Post(client, "sync/session", """{"externalId":"cc-session-1","title":"From claude-code","source":"claude-code","projectPath":"/work/x"}""");
            await Wire.Post(client, "sync/message", """
                {"sessionExternalId":"cc-session-1","externalId":"cc-m1","role":"user","source":"claude-code",
                 "parts":[{"type":"text","content":{"text":"where is the flux capacitor"}}]}
                """);
            await Wire.Post(client, "sync/message", """
                {"sessionExternalId":"cc-session-1","externalId":"cc-m2","role":"assistant","source":"claude-code",
                 "parts":[{"type":"text","content":{"content":"in the DeLorean"}},{"type":"image","content":{"mime":"image/png","bytes":12}},
                          {"type":"text","content":null}]}
                """);
        }
        using var home = new TestHome();

        var (code, output, err) = await Pull(home, h, json: true);

        await Assert.That(code).IsEqualTo(ExitCodes.Ok).Because(output + err);
        var report = JsonSerializer.Deserialize(output.Trim(), ReportJson.Default.PullReport)!;
        await Assert.That(report.Imported).IsEqualTo(1);
        await Assert.That(report.Sessions[0].LeftOut).IsEqualTo(1);
        var messages = ArchiveEssence(home, "cc-session-1");
        await Assert.That(messages.Count).IsEqualTo(2);
        await Assert.That(messages.Single(m => m.Contains("\"cc-m2\""))).Contains("image/png");
        using var archive = ArchiveDb.Open(home.Paths.DataDir);
        await Assert.That(archive.Search("capacitor", new SessionFilter(), 10).Count).IsEqualTo(1);
        await Assert.That(archive.Search("DeLorean", new SessionFilter(), 10).Count).IsEqualTo(1);
        var show = ArchiveKit.Run(home, c => new ShowCommand(c).Run("cc-session-1")).Console.Stdout;
        await Assert.That(show).Contains("where is the flux capacitor").And.Contains("in the DeLorean");
        await Assert.That(show).Contains("""[image] {"mime":"image/png","bytes":12}""");
    }

    [Test]
    public async Task This_machines_own_record_is_never_overwritten_by_its_backend_copy()
    {
        await using var h = await MachineBDelivered(Fixtures.Simple);
        using var home = ArchiveKit.Home(Fixtures.Simple);
        var before = ArchiveEssence(home, ArchiveKit.SimpleSession);
        using (var client = h.Server.CreateClient())
            await Wire.Post(client, "sync/session", $$"""{"externalId":"{{ArchiveKit.SimpleSession}}","title":"Renamed on the backend"}""");

        var (code, output, _) = await Pull(home, h);

        await Assert.That(code).IsEqualTo(ExitCodes.Ok);
        await Assert.That(output).Contains("recorded on this machine");
        await Assert.That(Sessions(home).Single().Title).IsNotEqualTo("Renamed on the backend");
        await Assert.That(ArchiveEssence(home, ArchiveKit.SimpleSession)).IsEquivalentTo(before, TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(Fetches(h)).IsEqualTo(0);
    }

    [Test]
    public async Task Pulled_sessions_are_never_sent_back()
    {
        await using var h = await MachineBDelivered();
        using var home = new TestHome();
        await Pull(home, h);
        var writesBefore = h.Server.Requests.Count(r => r.Method == "POST");

        // A delivery pass on machine A (what every hook event starts) has nothing to send.
        var console = new FakeConsole();
        var ctx = new CliContext(console, home.Env, new SystemClock()) { WorkingDirectory = home.Project, Delivery = DeliveryHarness.FastOptions };
        var flush = await new FlushCommand(ctx).RunAsync();

        await Assert.That(flush).IsEqualTo(ExitCodes.Ok).Because(console.All);
        using var state = StateDb.Open(home.Paths.StateDir);
        await Assert.That(state.PendingCount()).IsEqualTo(0);
        await Assert.That(h.Server.Requests.Count(r => r.Method == "POST")).IsEqualTo(writesBefore);
    }

    [Test]
    public async Task A_refused_key_is_one_line_exit_2_and_the_archive_untouched()
    {
        await using var h = await MachineBDelivered(Fixtures.Simple);
        using var home = new TestHome();

        var (code, output, err) = await Pull(home, h, apiKey: "osk_" + new string('x', 32));

        await Assert.That(code).IsEqualTo(ExitCodes.BackendFailing);
        await Assert.That(err.Trim().Split('\n').Length).IsEqualTo(1);
        await Assert.That(err).Contains("401").And.Contains("opencode-sync login");
        await Assert.That(output).IsEqualTo("");
        await Assert.That(Sessions(home).Count).IsEqualTo(0);
    }

    [Test]
    public async Task A_session_the_backend_fails_on_is_skipped_and_reported_and_the_next_pull_takes_it()
    {
        await using var h = await MachineBDelivered();
        using var home = new TestHome();
        var failing = h.Server.Sessions.OrderBy(s => s.ExternalId, StringComparer.Ordinal).First();
        // More than the retries: the resilience pipeline gives up on it.
        h.Server.Faults.FailNext(20, 500, pathPrefix: "/api/sessions/get?id=" + failing.Id);

        var (code, output, _) = await Pull(home, h);

        await Assert.That(code).IsEqualTo(ExitCodes.BackendFailing);
        await Assert.That(output).Contains($"failed   {failing.ExternalId}: HTTP 500");
        await Assert.That(Sessions(home).Select(s => s.Id)).DoesNotContain(failing.ExternalId);
        await Assert.That(Sessions(home).Count).IsEqualTo(h.Server.Sessions.Count - 1);

        h.Server.Faults.Clear();
        (code, output, _) = await Pull(home, h);
        await Assert.That(code).IsEqualTo(ExitCodes.Ok).Because(output);
        await Assert.That(output).Contains("pulled 1 session(s)");
        await Assert.That(Sessions(home).Count).IsEqualTo(h.Server.Sessions.Count);
    }

    [Test]
    public async Task Dry_run_stores_nothing_and_since_and_project_narrow_the_pull()
    {
        await using var h = await DeliveryHarness.StartAsync();
        using (var client = h.Server.CreateClient())
        {
            await Wire.Post(client, "sync/session", """{"externalId":"ses_in_a","projectPath":"/work/a"}""");
            await Wire.Post(client, "sync/session", """{"externalId":"ses_in_ab","projectPath":"/work/a/b"}""");
            await Wire.Post(client, "sync/session", """{"externalId":"ses_in_abc","projectPath":"/work/abc"}""");
        }
        using var home = new TestHome();

        var (code, output, _) = await Pull(home, h, dryRun: true, json: true);
        await Assert.That(code).IsEqualTo(ExitCodes.Ok);
        await Assert.That(JsonSerializer.Deserialize(output.Trim(), ReportJson.Default.PullReport)!.Imported).IsEqualTo(3);
        await Assert.That(File.Exists(ArchiveDb.PathIn(home.Paths.DataDir)) ? Sessions(home).Count : 0).IsEqualTo(0);

        (code, _, _) = await Pull(home, h, project: "/work/a");
        await Assert.That(code).IsEqualTo(ExitCodes.Ok);
        await Assert.That(Sessions(home).Select(s => s.Id).Order(StringComparer.Ordinal)).IsEquivalentTo(["ses_in_a", "ses_in_ab"], TUnit.Assertions.Enums.CollectionOrdering.Matching);

        (code, output, _) = await Pull(home, h, since: "2999-01-01");
        await Assert.That(code).IsEqualTo(ExitCodes.Ok);
        await Assert.That(output).Contains("pulled 0 session(s)");

        // Neither filtered pull moved the watermark: a full one still finds the third session.
        (code, _, _) = await Pull(home, h);
        await Assert.That(code).IsEqualTo(ExitCodes.Ok);
        await Assert.That(Sessions(home).Count).IsEqualTo(3);
    }

    [Test]
    public async Task A_bad_since_is_a_usage_error()
    {
        await using var h = await DeliveryHarness.StartAsync();
        using var home = new TestHome();

        var (code, _, err) = await Pull(home, h, since: "last tuesday");

        await Assert.That(code).IsEqualTo(ExitCodes.Usage);
        await Assert.That(err).Contains("--since 'last tuesday' is not a date");
    }

    [Test]
    public async Task A_deleted_archive_gets_its_pulled_sessions_back_on_the_next_pull()
    {
        await using var h = await MachineBDelivered();
        using var home = new TestHome();
        await Pull(home, h);
        foreach (var f in Directory.GetFiles(home.Paths.DataDir, ArchiveDb.FileName + "*"))
            File.Delete(f);

        var (code, output, _) = await Pull(home, h);

        await Assert.That(code).IsEqualTo(ExitCodes.Ok);
        await Assert.That(output).Contains($"pulled {h.Server.Sessions.Count} session(s)");
        await Assert.That(Sessions(home).Count).IsEqualTo(h.Server.Sessions.Count);
    }

    [Test]
    public async Task A_backend_that_stays_down_is_retried_then_one_clear_line_exit_2()
    {
        await using var h = await MachineBDelivered(Fixtures.Simple);
        using var home = new TestHome();
        h.Server.Faults.Down();

        var (code, output, err) = await Pull(home, h);

        await Assert.That(code).IsEqualTo(ExitCodes.BackendFailing);
        await Assert.That(err.Trim().Split('\n').Length).IsEqualTo(1);
        await Assert.That(err).Contains("cannot list the backend's sessions");
        await Assert.That(output).IsEqualTo("");
        // The first attempt and every retry of the delivery policy (the socket handler may add its own reconnects).
        await Assert.That(h.Server.Requests.Count(r => r.Path == "/api/sessions")).IsGreaterThanOrEqualTo(DeliveryHarness.FastOptions.Http.MaxRetries + 1);
    }

    [Test]
    public async Task On_a_terminal_the_progress_bar_is_drawn_on_stderr_and_erased_before_the_summary()
    {
        await using var h = await MachineBDelivered();
        using var home = new TestHome();
        var console = new FakeConsole(terminal: true);
        home.Env.Vars[EnvVars.Url] = h.Server.BaseAddress.ToString().TrimEnd('/');
        home.Env.Vars[EnvVars.ApiKey] = h.ApiKey;
        var ctx = new CliContext(console, home.Env, new SystemClock()) { WorkingDirectory = home.Project, Delivery = DeliveryHarness.FastOptions };

        var code = await new PullCommand(ctx).RunAsync();

        await Assert.That(code).IsEqualTo(ExitCodes.Ok);
        await Assert.That(console.Stderr).Contains($"/{h.Server.Sessions.Count} sessions");
        await Assert.That(console.Stderr).EndsWith("\r");
        await Assert.That(console.Stdout).StartsWith("pulled ");
    }

    [Test]
    public async Task A_timeout_stops_a_pull_the_backend_stalls_and_keeps_what_came_down()
    {
        await using var h = await MachineBDelivered();
        using var home = new TestHome();
        var held = h.Server.Sessions.OrderBy(s => s.ExternalId, StringComparer.Ordinal).First();
        h.Server.Faults.StallNext(100, TimeSpan.FromMinutes(10), pathPrefix: "/api/sessions/get?id=" + held.Id);

        // The production policy: one stalled attempt alone is 15 s, its retries minutes.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (code, _, err) = await Pull(home, h, timeout: 3, http: OpenCodeSync.Http.HttpPolicy.Default);
        watch.Stop();

        await Assert.That(code).IsEqualTo(ExitCodes.BackendFailing);
        await Assert.That(err).Contains("stopped at the --timeout of 3 s");
        await Assert.That(watch.Elapsed).IsLessThan(TimeSpan.FromSeconds(10));
        await Assert.That(Sessions(home).Select(s => s.Id)).DoesNotContain(held.ExternalId);
        await Assert.That(Sessions(home).Count).IsEqualTo(h.Server.Sessions.Count - 1);
    }
}
