using OpenCodeSync.Sync;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Sync;

public class FixtureRecordTests
{
    [Test]
    [Arguments(Fixtures.Simple)]
    [Arguments(Fixtures.Tool)]
    [Arguments(Fixtures.Reason)]
    [Arguments(Fixtures.Multi)]
    [Arguments(Fixtures.Bash)]
    public async Task Records_equal_an_independent_file_order_calculation(string fixture)
    {
        var expected = FileOrderOracle.Render(Fixtures.TextLines(fixture));
        var actual = Folding.Render(Folding.Fold(Fixtures.Lines(fixture)));
        await Assert.That(actual).IsEqualTo(expected);
    }

    [Test]
    public async Task Tool_stream_gives_exactly_these_records()
    {
        var fold = Folding.Fold(Fixtures.Lines(Fixtures.Tool));
        var snap = fold.Snapshot("ses_dee9fec80ffeSS5igeCPRa12Lm");
        await Assert.That(fold.Store.SessionIds.Count).IsEqualTo(1);

        await Assert.That(CanonicalJson.Of(RecordBuilder.BuildSession(snap))).IsEqualTo(CanonicalJson.Of("""
            {"externalId":"ses_dee9fec80ffeSS5igeCPRa12Lm","title":"Mock session title","projectPath":"/tmp/oc/proj",
             "projectName":"proj","model":"mock-model","provider":"mock","source":"opencode","promptTokens":240,
             "completionTokens":10,"durationMs":1885,"createdAt":1795587838848}
            """));

        var messages = TestRecords.BuildMessages(snap).Select(CanonicalJson.Of).ToList();
        string[] expected =
        [
            """
            {"sessionExternalId":"ses_dee9fec80ffeSS5igeCPRa12Lm","externalId":"msg_2116013b6001jOEaYARJYdi2nT","role":"user",
             "textContent":"\"create hello.txt #tool\"","model":"mock-model","createdAt":1795587838902,
             "parts":[{"type":"text","content":"\"create hello.txt #tool\""}]}
            """,
            """
            {"sessionExternalId":"ses_dee9fec80ffeSS5igeCPRa12Lm","externalId":"msg_211601678001jPxam06ywBlJZR","role":"assistant",
             "textContent":"I will write the file now.","model":"mock-model","promptTokens":120,"completionTokens":5,
             "durationMs":990,"createdAt":1795587839608,
             "parts":[{"type":"text","content":"I will write the file now."},
                      {"type":"tool-call","content":{"name":"write","callID":"call_mock_0",
                        "args":{"filePath":"/tmp/oc/proj/hello.txt","content":"hello from the mock model\n"}}},
                      {"type":"tool-result","content":{"name":"write","callID":"call_mock_0","status":"completed",
                        "title":"tmp/oc/proj/hello.txt","result":"Wrote file successfully."}}]}
            """,
            """
            {"sessionExternalId":"ses_dee9fec80ffeSS5igeCPRa12Lm","externalId":"msg_211601a5b001hpoE3lm60Ofjbn","role":"assistant",
             "textContent":"I wrote hello.txt with a greeting. Done.","model":"mock-model","promptTokens":120,"completionTokens":5,
             "durationMs":130,"createdAt":1795587840603,
             "parts":[{"type":"text","content":"I wrote hello.txt with a greeting. Done."}]}
            """,
        ];
        await Assert.That(messages.Count).IsEqualTo(3);
        for (var i = 0; i < 3; i++)
            await Assert.That(messages[i]).IsEqualTo(CanonicalJson.Of(expected[i]));
    }

    [Test]
    public async Task Simple_stream_title_is_the_generated_one_not_the_placeholder()
    {
        var fold = Folding.Fold(Fixtures.Lines(Fixtures.Simple));
        var session = RecordBuilder.BuildSession(fold.Snapshot(fold.Store.SessionIds.Single()));
        await Assert.That(session.Title).IsEqualTo("Hello from the mock model. Here is an answer.");
        await Assert.That(session.PromptTokens).IsEqualTo(120L);
        await Assert.That(session.CompletionTokens).IsEqualTo(15L);
    }

    [Test]
    public async Task Reasoning_is_a_part_but_never_text_content_and_can_be_turned_off()
    {
        var fold = Folding.Fold(Fixtures.Lines(Fixtures.Reason));
        var snap = fold.Snapshot(fold.Store.SessionIds.Single());
        var assistant = TestRecords.BuildMessages(snap).Single(m => m.Role == "assistant");
        await Assert.That(string.Join("|", assistant.Parts!.Select(p => p.Type))).IsEqualTo("reasoning|text");
        await Assert.That(assistant.Parts![0].Content.GetValue<string>()).StartsWith("Let me think about this step by step.");
        await Assert.That(assistant.TextContent).IsEqualTo("Hello from the mock model. Here is an answer.");

        var without = TestRecords.BuildMessages(snap, new RecordOptions { IncludeReasoning = false }).Single(m => m.Role == "assistant");
        await Assert.That(string.Join("|", without.Parts!.Select(p => p.Type))).IsEqualTo("text");
    }

    [Test]
    public async Task Multi_turn_stream_keeps_every_turn()
    {
        var fold = Folding.Fold(Fixtures.Lines(Fixtures.Multi));
        var snap = fold.Snapshot(fold.Store.SessionIds.Single());
        var roles = snap.Messages.Select(m => m.Role).ToList();
        await Assert.That(roles.Count(r => r == "user")).IsEqualTo(3);
        await Assert.That(snap.Messages.All(m => RecordBuilder.IsComplete(snap, m))).IsTrue();
    }
}
