using System.Text.Json;
using OpenCodeSync.Commands;
using OpenCodeSync.Terminal;
using OpenCodeSync.Tests.Support;
using static OpenCodeSync.Tests.Archive.ArchiveKit;

namespace OpenCodeSync.Tests.Archive;

public class SessionsCommandTests
{
    [Test]
    public async Task Lists_every_session_newest_first_with_its_numbers()
    {
        using var home = Home();
        var (code, console) = Run(home, c => new SessionsCommand(c).Run(json: true));

        await Assert.That(code).IsEqualTo(0);
        using var doc = JsonDocument.Parse(console.Stdout);
        var rows = doc.RootElement.EnumerateArray().ToList();
        await Assert.That(rows.Count).IsEqualTo(5);
        var updated = rows.Select(r => r.GetProperty("updatedAt").GetInt64()).ToList();
        await Assert.That(updated).IsEquivalentTo(updated.OrderDescending().ToList(), TUnit.Assertions.Enums.CollectionOrdering.Matching);
        var tool = rows.Single(r => r.GetProperty("id").GetString() == ToolSession);
        // Built independently of the archive: the same records' sums.
        var expected = Records(Fixtures.Tool).Single();
        await Assert.That(tool.GetProperty("messages").GetInt32()).IsEqualTo(expected.Messages.Count);
        await Assert.That(tool.GetProperty("promptTokens").GetInt64()).IsEqualTo(expected.Session.PromptTokens ?? 0);
        await Assert.That(tool.GetProperty("completionTokens").GetInt64()).IsEqualTo(expected.Session.CompletionTokens ?? 0);
        await Assert.That(tool.GetProperty("sync").GetString()).IsEqualTo("local");
    }

    [Test]
    public async Task Text_is_a_table_that_fits_the_width_and_cuts_only_the_title()
    {
        using var home = Home();
        var (code, console) = Run(home, c => new SessionsCommand(c).Run(), width: 80);

        await Assert.That(code).IsEqualTo(0);
        var lines = console.Stdout.TrimEnd().Split('\n');
        await Assert.That(lines[0]).Matches(@"^id\s+updated\s+project\s+title\s+msgs\s+tokens\s+cost\s+sync$");
        await Assert.That(lines.Length).IsEqualTo(6);
        foreach (var line in lines)
            await Assert.That(TextCells.Width(line)).IsLessThanOrEqualTo(80);
        await Assert.That(console.Stdout).Contains("…");
        await Assert.That(console.Stdout).DoesNotContain("\e[");
    }

    [Test]
    public async Task Limit_and_project_filter_the_list()
    {
        using var home = Home();
        var (_, limited) = Run(home, c => new SessionsCommand(c).Run(limit: 2));
        var (_, byPath) = Run(home, c => new SessionsCommand(c).Run(project: "/tmp/oc-bash", json: true));
        var (_, byName) = Run(home, c => new SessionsCommand(c).Run(project: "nope", json: true));

        await Assert.That(limited.Stdout.TrimEnd().Split('\n').Length).IsEqualTo(4); // header, 2 rows, "more" note
        await Assert.That(limited.Stdout).Contains("--limit");
        using var doc = JsonDocument.Parse(byPath.Stdout);
        await Assert.That(doc.RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList()).IsEquivalentTo([BashSession]);
        await Assert.That(byName.Stdout.Trim()).IsEqualTo("[]");
    }

    [Test]
    public async Task Since_a_date_after_every_session_lists_none()
    {
        using var home = Home();
        var (code, console) = Run(home, c => new SessionsCommand(c).Run(since: "2099-01-01"));

        await Assert.That(code).IsEqualTo(0);
        await Assert.That(console.Stdout.Trim()).IsEqualTo("No session matches.");
    }

    [Test]
    public async Task Bad_since_and_limit_are_usage_errors()
    {
        using var home = Home(Fixtures.Simple);
        var (since, c1) = Run(home, c => new SessionsCommand(c).Run(since: "last tuesday"));
        var (limit, c2) = Run(home, c => new SessionsCommand(c).Run(limit: 0));

        await Assert.That(since).IsEqualTo(64);
        await Assert.That(c1.Stderr).Contains("--since 'last tuesday' is not a date");
        await Assert.That(limit).IsEqualTo(64);
        await Assert.That(c2.Stderr.Trim().Split('\n').Length).IsEqualTo(1);
    }
}
