using System.Text.Json;
using OpenCodeSync.Commands;
using OpenCodeSync.Json;
using OpenCodeSync.Tests.Support;
using static OpenCodeSync.Tests.Archive.ArchiveKit;

namespace OpenCodeSync.Tests.Archive;

public class SearchCommandTests
{
    [Test]
    public async Task A_word_found_only_in_a_tool_output_is_found()
    {
        using var home = Home();
        // Proof the word is in no text, reasoning or tool input of any record — only in tool results.
        var parts = AllFixtures.SelectMany(Records).SelectMany(r => r.Messages).SelectMany(m => m.Record.Parts ?? []).ToList();
        await Assert.That(parts.Where(p => p.Type != "tool-result").Any(p => p.Content.ToJsonString().Contains("successfully", StringComparison.OrdinalIgnoreCase))).IsFalse();
        await Assert.That(parts.Any(p => p.Type == "tool-result" && p.Content.ToJsonString().Contains("successfully"))).IsTrue();

        var (code, console) = Run(home, c => new SearchCommand(c).Run("successfully", json: true));

        await Assert.That(code).IsEqualTo(0);
        using var doc = JsonDocument.Parse(console.Stdout);
        var hits = doc.RootElement.EnumerateArray().ToList();
        await Assert.That(hits.Select(h => h.GetProperty("sessionId").GetString())).Contains(ToolSession);
        foreach (var h in hits)
        {
            await Assert.That(h.GetProperty("snippet").GetString()).Contains("«successfully»");
            await Assert.That(h.GetProperty("title").GetString()).IsNotNull();
            await Assert.That(h.GetProperty("createdAt").GetInt64()).IsGreaterThan(0);
        }
    }

    [Test]
    public async Task Text_output_marks_hits_with_guillemets_when_not_a_terminal()
    {
        using var home = Home();
        var (code, console) = Run(home, c => new SearchCommand(c).Run("hello"));

        await Assert.That(code).IsEqualTo(0);
        await Assert.That(console.Stdout).Contains("«hello");
        await Assert.That(console.Stdout).DoesNotContain("\e[");
        await Assert.That(console.Stdout).DoesNotContain("\u0002");
    }

    [Test]
    public async Task Hits_are_ranked_and_limited()
    {
        using var home = Home();
        var (_, all) = Run(home, c => new SearchCommand(c).Run("hello", json: true, limit: 100));
        var (_, two) = Run(home, c => new SearchCommand(c).Run("hello", json: true, limit: 2));

        using var a = JsonDocument.Parse(all.Stdout);
        using var t = JsonDocument.Parse(two.Stdout);
        var ranks = a.RootElement.EnumerateArray().Select(h => h.GetProperty("rank").GetDouble()).ToList();
        await Assert.That(ranks.Count).IsGreaterThan(2);
        await Assert.That(ranks).IsEquivalentTo(ranks.Order().ToList(), TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(t.RootElement.GetArrayLength()).IsEqualTo(2);
    }

    [Test]
    public async Task Project_filter_keeps_hits_of_that_project_only()
    {
        using var home = Home();
        var (_, console) = Run(home, c => new SearchCommand(c).Run("hello", project: "/tmp/oc-bash/proj", json: true, limit: 100));

        using var doc = JsonDocument.Parse(console.Stdout);
        var sessions = doc.RootElement.EnumerateArray().Select(h => h.GetProperty("sessionId").GetString()!).Distinct().ToList();
        await Assert.That(sessions).IsEquivalentTo([BashSession]);
    }

    [Test]
    public async Task Punctuation_in_plain_words_is_searched_literally()
    {
        using var home = Home();
        var (code, console) = Run(home, c => new SearchCommand(c).Run("hello.txt", json: true));

        await Assert.That(code).IsEqualTo(0);
        using var doc = JsonDocument.Parse(console.Stdout);
        await Assert.That(doc.RootElement.GetArrayLength()).IsGreaterThan(0);
    }

    [Test]
    [Arguments("foo\"")]
    [Arguments("\"unbalanced")]
    public async Task A_query_syntax_error_is_one_line_and_exit_64(string query)
    {
        using var home = Home(Fixtures.Simple);
        var (code, console) = Run(home, c => new SearchCommand(c).Run(query));

        await Assert.That(code).IsEqualTo(64);
        await Assert.That(console.Stderr).StartsWith($"opencode-sync search: bad query '{query}': ");
        await Assert.That(console.Stderr.Trim().Split('\n').Length).IsEqualTo(1);
        await Assert.That(console.Stdout).IsEqualTo("");
    }

    [Test]
    public async Task No_match_says_so()
    {
        using var home = Home(Fixtures.Simple);
        var (code, console) = Run(home, c => new SearchCommand(c).Run("xylophone"));

        await Assert.That(code).IsEqualTo(0);
        await Assert.That(console.Stdout.Trim()).IsEqualTo("No match.");
    }
}
