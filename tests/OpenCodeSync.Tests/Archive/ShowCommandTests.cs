using System.Text.Json;
using OpenCodeSync.Archive;
using OpenCodeSync.Commands;
using OpenCodeSync.Tests.Support;
using static OpenCodeSync.Tests.Archive.ArchiveKit;

namespace OpenCodeSync.Tests.Archive;

public class ShowCommandTests
{
    [Test]
    public async Task A_transcript_has_turns_tool_calls_with_inputs_results_and_numbers()
    {
        using var home = Home();
        var (code, console) = Run(home, c => new ShowCommand(c).Run(BashSession));

        await Assert.That(code).IsEqualTo(0);
        var text = console.Stdout;
        await Assert.That(text).Contains(BashSession);
        await Assert.That(text).Contains("── user");
        await Assert.That(text).Contains("── assistant · mock-model");
        await Assert.That(text).Contains("▸ bash");
        await Assert.That(text).Contains("command: echo hello > hello.txt && cat hello.txt");
        await Assert.That(text).Contains("◂ completed");
        // Per turn: the tokens of that assistant message as OpenCode reported them (120 in, 1 out).
        await Assert.That(text).Contains("121 tokens (120 prompt, 1 completion)");
        await Assert.That(text.IndexOf("── user", StringComparison.Ordinal)).IsLessThan(text.IndexOf("── assistant", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_unique_prefix_with_or_without_ses_finds_the_session()
    {
        using var home = Home();
        var (a, withPrefix) = Run(home, c => new ShowCommand(c).Run("ses_dee9f", json: true));
        var (b, bare) = Run(home, c => new ShowCommand(c).Run("dee9f", json: true));

        await Assert.That(a).IsEqualTo(0);
        await Assert.That(b).IsEqualTo(0);
        using var doc = JsonDocument.Parse(withPrefix.Stdout);
        await Assert.That(doc.RootElement.GetProperty("session").GetProperty("externalId").GetString()).IsEqualTo(ToolSession);
        await Assert.That(bare.Stdout).IsEqualTo(withPrefix.Stdout);
    }

    [Test]
    public async Task Long_tool_output_is_folded_with_the_count_of_hidden_lines_and_full_shows_it()
    {
        using var home = Home(Fixtures.Bash);
        // One session whose tool result has 40 lines: the bash fixture's records with a longer output.
        var records = Records(Fixtures.Bash).Single();
        var output = string.Join('\n', Enumerable.Range(1, 40).Select(i => $"line {i}"));
        var messages = records.Messages.Select(m => m with
        {
            Record = m.Record with
            {
                Parts = m.Record.Parts?.Select(p => p.Type == "tool-result"
                    ? p with { Content = new System.Text.Json.Nodes.JsonObject { ["name"] = "bash", ["status"] = "completed", ["result"] = output } }
                    : p).ToList(),
            },
        }).ToList();
        using (var db = ArchiveDb.Open(home.Paths.DataDir))
            db.Save(records with { Messages = messages });

        var (_, folded) = Run(home, c => new ShowCommand(c).Run(BashSession));
        var (_, full) = Run(home, c => new ShowCommand(c).Run(BashSession, full: true));

        await Assert.That(folded.Stdout).Contains("line 12\n");
        await Assert.That(folded.Stdout).DoesNotContain("line 13\n");
        await Assert.That(folded.Stdout).Contains("… 28 more lines");
        await Assert.That(full.Stdout).Contains("line 40");
        await Assert.That(full.Stdout).DoesNotContain("more lines");
    }

    [Test]
    public async Task Markdown_has_headings_and_fenced_tool_input()
    {
        using var home = Home();
        var (code, console) = Run(home, c => new ShowCommand(c).Run(ToolSession, markdown: true));

        await Assert.That(code).IsEqualTo(0);
        await Assert.That(console.Stdout).StartsWith("# ");
        await Assert.That(console.Stdout).Contains("## Assistant · mock-model");
        await Assert.That(console.Stdout).Contains("```json\n{\n  \"filePath\": \"/tmp/oc/proj/hello.txt\"");
    }

    [Test]
    public async Task Escape_sequences_in_archived_text_never_reach_the_terminal()
    {
        using var home = Home(Fixtures.Simple);
        var records = Records(Fixtures.Simple).Single();
        var evil = records with
        {
            Messages = [.. records.Messages.Select(m => m with { Record = m.Record with { Parts = [new OpenCodeSync.OpenSync.PartRecord("text", "hi \e]0;pwned\a \e[2J there")] } })],
        };
        using (var db = ArchiveDb.Open(home.Paths.DataDir))
            db.Save(evil);

        var (_, console) = Run(home, c => new ShowCommand(c).Run(SimpleSession));

        await Assert.That(console.Stdout).Contains("hi ]0;pwned [2J there");
        await Assert.That(console.Stdout).DoesNotContain("\e");
    }
}
