using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCodeSync.Archive;
using OpenCodeSync.Cli;
using OpenCodeSync.Commands;
using OpenCodeSync.Config;
using OpenCodeSync.Hosting;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Recall;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Recall;

/// <summary>The agent's history tools as the plugin calls them: one JSON request on stdin, text on stdout.</summary>
public class RecallTests
{
    private const string Deploy = "ses_deploy0000000000000001";
    private const string Other = "ses_otherproj000000000002";
    private const string Current = "ses_current00000000000003";

    /// <summary>An archive with sessions in two projects; the texts are what the tests look for.</summary>
    private static TestHome Home(Action<ArchiveDb>? more = null)
    {
        var home = new TestHome();
        using var db = ArchiveDb.Open(home.Paths.DataDir);
        Save(db, Deploy, "/work/app", "Fix the deploy", 1_700_000_000_000,
            ("user", "how do we deploy to the zanzibar region?"),
            ("assistant", "set primary_region = \"zanzibar\" in fly.toml, then run fly deploy"));
        Save(db, Other, "/work/other", "Unrelated", 1_700_000_100_000,
            ("user", "zanzibar appears here too, in another project"));
        Save(db, Current, "/work/app", "The session asking", 1_700_000_200_000,
            ("user", "what did we say about zanzibar?"));
        more?.Invoke(db);
        return home;
    }

    internal static void Save(ArchiveDb db, string id, string project, string title, long at, params (string Role, string Text)[] messages)
    {
        var records = messages.Select((m, i) => new MessageRecord
        {
            SessionExternalId = id, ExternalId = $"{id}_m{i}", Role = m.Role, TextContent = m.Text, CreatedAt = at + i * 1000,
            Parts = [new PartRecord("text", JsonValue.Create(m.Text))],
        }).ToList();
        db.SavePulled(new PulledSession(new SessionRecord
        {
            ExternalId = id, Title = title, ProjectPath = project, ProjectName = Path.GetFileName(project), Source = "opencode", CreatedAt = at,
        }, records, at + messages.Length * 1000), out _);
    }

    internal static (int Code, string Out, FakeConsole Console) Call(TestHome home, object request)
    {
        var console = new FakeConsole(JsonSerializer.Serialize(request));
        var code = new RecallCommand(home.Context(console)).Run();
        return (code, console.Stdout, console);
    }

    private static object Search(object args, string? directory = "/work/app") =>
        new { tool = "history_search", args, sessionID = Current, directory };

    private static object Read(object args) => new { tool = "history_read", args, sessionID = Current, directory = "/work/app" };

    [Test]
    public async Task Search_finds_this_projects_sessions_marks_the_match_and_leaves_out_the_asking_session()
    {
        using var home = Home();

        var (code, text, _) = Call(home, Search(new { query = "zanzibar" }));

        await Assert.That(code).IsEqualTo(0);
        await Assert.That(text).Contains("ses_deploy00").And.Contains("Fix the deploy").And.Contains("«zanzibar»");
        await Assert.That(text).DoesNotContain("ses_current").And.DoesNotContain("ses_otherpro");
        await Assert.That(text).Contains("this project (/work/app)");
    }

    [Test]
    public async Task Search_all_projects_and_a_sentence_that_no_message_holds_whole()
    {
        using var home = Home();

        var all = Call(home, Search(new { query = "zanzibar", project = "all" })).Out;
        var sentence = Call(home, Search(new { query = "which region did we deploy to zanzibar", project = "all" })).Out;
        var noDirectory = Call(home, Search(new { query = "zanzibar" }, directory: null)).Out;

        await Assert.That(all).Contains("ses_deploy00").And.Contains("ses_otherpro");
        await Assert.That(sentence).Contains("ses_deploy00").And.Contains("these have some");
        await Assert.That(noDirectory).Contains("ses_otherpro").And.Contains("all projects");
    }

    [Test]
    public async Task Nothing_here_points_to_other_projects_and_a_bad_since_is_one_line()
    {
        using var home = Home();

        var (_, text, _) = Call(home, Search(new { query = "appears" }));
        var (_, since, _) = Call(home, Search(new { query = "zanzibar", since = "next week" }));

        await Assert.That(text).Contains("No past session matches 'appears' in this project").And.Contains("project \"all\"");
        await Assert.That(since).Contains("since 'next week' is not a date");
        await Assert.That(since.Split('\n').Length).IsEqualTo(1);
    }

    [Test]
    public async Task The_short_id_search_prints_is_what_read_takes_and_read_shows_the_transcript_around_the_query()
    {
        using var home = Home(db => Save(db, "ses_long0000000000000000004", "/work/app", "A long one", 1_700_000_300_000,
            [.. Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? "user" : "assistant", i == 30 ? "the quokka answer is 42" : $"filler message {i}"))]));
        var search = Call(home, Search(new { query = "quokka" })).Out;
        var id = System.Text.RegularExpressions.Regex.Match(search, @"ses_long\w+").Value;

        var (_, text, _) = Call(home, Read(new { session = id, query = "quokka" }));

        await Assert.That(id.Length).IsLessThan("ses_long0000000000000000004".Length);
        await Assert.That(text).Contains("\"A long one\"").And.Contains("the quokka answer is 42");
        // One message of context before the match, not the session's start.
        await Assert.That(text).Contains("--- [30] assistant").And.DoesNotContain("filler message 0\n");
        await Assert.That(text).Contains("[messages 30–40 of 40; end of session]");
    }

    [Test]
    public async Task Read_pages_with_from_and_max_chars_and_says_where_to_continue()
    {
        using var home = Home(db => Save(db, "ses_long0000000000000000004", "/work/app", "A long one", 1_700_000_300_000,
            [.. Enumerable.Range(0, 40).Select(i => ("user", $"message number {i} " + new string('x', 200)))]));

        var (_, first, _) = Call(home, Read(new { session = "ses_long", max_chars = 1000 }));
        var continueAt = int.Parse(System.Text.RegularExpressions.Regex.Match(first, @"continue with from: (\d+)").Groups[1].Value);
        var (_, next, _) = Call(home, Read(new { session = "ses_long", from = continueAt, max_chars = "1000" }));

        await Assert.That(first.Length).IsLessThanOrEqualTo(1000);
        await Assert.That(first).Contains("message number 0 ");
        await Assert.That(next).Contains($"message number {continueAt - 1} ").And.DoesNotContain("message number 0 ");
    }

    [Test]
    public async Task Output_stays_within_its_cap_on_a_huge_message_and_thousands_of_hits()
    {
        using var home = Home(db =>
        {
            Save(db, "ses_huge00000000000000000005", "/work/app", "Huge", 1_700_000_400_000, ("assistant", "needle " + string.Concat(Enumerable.Repeat("needle hay ", 100_000))));
            for (var s = 0; s < 100; s++)
                Save(db, $"ses_many{s:0000}00000000000000", "/work/app", $"Many {s}", 1_700_001_000_000 + s, [.. Enumerable.Range(0, 100).Select(i => ("user", $"needle number {i}"))]);
        });

        var search = Call(home, Search(new { query = "needle", limit = 25 })).Out;
        var read = Call(home, Read(new { session = "ses_huge", query = "needle" })).Out;

        await Assert.That(search.Length).IsLessThanOrEqualTo(RecallScope.MaxChars);
        await Assert.That(search).Contains("More than");
        // 10,000 matches: ranked among the newest 1,000 only, the last ten sessions archived.
        await Assert.That(search).Contains("among the newest 1,000 matches");
        var ids = System.Text.RegularExpressions.Regex.Matches(search, @"ses_\w+").Select(m => m.Value).Distinct().ToList();
        await Assert.That(ids.Count).IsGreaterThan(0);
        await Assert.That(ids.All(id => id.StartsWith("ses_many009", StringComparison.Ordinal))).IsTrue().Because(string.Join(", ", ids));
        await Assert.That(read.Length).IsLessThanOrEqualTo(RecallScope.MaxChars);
        await Assert.That(read).Contains("needle hay");
    }

    [Test]
    public async Task Excluded_projects_never_appear_and_what_is_returned_is_redacted()
    {
        using var home = Home(db => Save(db, "ses_secret000000000000000006", "/work/app", "Keys", 1_700_000_500_000,
            ("assistant", "zanzibar key: AKIAIOSFODNN7EXAMPLE and token ghp_0123456789abcdefghijABCDEFGHIJ012345")));
        new ConfigStore(home.Paths).Save(new ConfigFile { Settings = new() { [Settings.Exclude] = "/work/other" } });

        var all = Call(home, Search(new { query = "zanzibar", project = "all" })).Out;
        var read = Call(home, Read(new { session = Other })).Out;
        var secret = Call(home, Read(new { session = "ses_secret" })).Out;

        await Assert.That(all).DoesNotContain("ses_otherpro").And.Contains("ses_deploy00");
        await Assert.That(read).Contains("no session");
        await Assert.That(secret).DoesNotContain("AKIAIOSFODNN7EXAMPLE").And.DoesNotContain("ghp_0123456789").And.Contains("[REDACTED:");
        await Assert.That(all).DoesNotContain("AKIAIOSFODNN7EXAMPLE");
    }

    [Test]
    public async Task Off_the_plugin_is_told_so_and_a_call_answers_one_line()
    {
        using var home = Home();
        new ConfigStore(home.Paths).Save(new ConfigFile { Settings = new() { [Settings.Recall] = "off" } });
        var console = new FakeConsole();
        var onDefault = new FakeConsole();
        using var fresh = new TestHome();

        await Assert.That(new RecallCommand(home.Context(console)).Run(enabled: true)).IsEqualTo(0);
        new RecallCommand(fresh.Context(onDefault)).Run(enabled: true);
        var (code, text, _) = Call(home, Search(new { query = "zanzibar" }));

        await Assert.That(console.Stdout).IsEqualTo("off\n");
        await Assert.That(onDefault.Stdout).IsEqualTo("on\n");
        await Assert.That(code).IsEqualTo(0);
        await Assert.That(text).Contains("Recall is off").And.DoesNotContain("zanzibar\"");
    }

    [Test]
    [Arguments("not json at all")]
    [Arguments("{\"tool\":\"rm_rf\",\"args\":{}}")]
    [Arguments("{\"tool\":\"history_search\",\"args\":{\"query\":42}}")]
    [Arguments("[1,2,3]")]
    [Arguments("")]
    public async Task Garbage_gets_one_line_exit_0_and_a_log_entry(string stdin)
    {
        using var home = Home();
        var console = new FakeConsole(stdin);

        var code = new RecallCommand(home.Context(console)).Run();

        await Assert.That(code).IsEqualTo(0);
        await Assert.That(console.Stdout.Trim().Split('\n').Length).IsEqualTo(1);
        await Assert.That(console.Stdout).DoesNotContain("   at ");
        await Assert.That(console.Stderr).IsEqualTo("");
    }

    [Test]
    public async Task Without_an_archive_or_an_account_the_answer_says_so()
    {
        using var home = new TestHome();

        var (code, text, _) = Call(home, Search(new { query = "zanzibar" }));

        await Assert.That(code).IsEqualTo(0);
        await Assert.That(text).Contains("No past sessions yet");
    }

    [Test]
    public async Task Context_gives_the_best_sessions_as_text_or_messages()
    {
        using var home = Home();
        var text = ArchiveKitRun(home, c => new ContextCommand(c).Run("zanzibar deploy", limit: 1));
        var messages = ArchiveKitRun(home, c => new ContextCommand(c).Run("zanzibar", format: "messages", limit: 5, json: true));

        await Assert.That(text).StartsWith("## Fix the deploy (" + Deploy);
        await Assert.That(text).Contains("assistant: set primary_region");
        var report = JsonSerializer.Deserialize(messages, RecallJson.Default.ContextReport)!;
        await Assert.That(report.SessionCount).IsEqualTo(3);
        await Assert.That(report.Messages!.Select(m => m.Metadata.SessionId).Distinct().Count()).IsEqualTo(3);
    }

    private static string ArchiveKitRun(TestHome home, Func<CliContext, int> command)
    {
        var (code, console) = Archive.ArchiveKit.Run(home, command);
        return code == 0 ? console.Stdout : throw new InvalidOperationException(console.All);
    }
}
