using System.Text;
using OpenCodeSync.Hook;
using OpenCodeSync.OpenCode;

namespace OpenCodeSync.Tests.Hook;

public class HookInputTests
{
    [Test]
    public async Task Input_over_the_cap_keeps_whole_lines_and_counts_the_rest_as_dropped()
    {
        var data = Encoding.UTF8.GetBytes("line1\nline2\nline3-is-cut\nline4\n");
        using var stdin = new MemoryStream(data);

        var input = HookInput.Read(stdin, maxBytes: 16);

        await Assert.That(Encoding.UTF8.GetString(input.Data.Span)).IsEqualTo("line1\nline2\n");
        await Assert.That(input.DroppedBytes).IsEqualTo(data.Length - 12);
    }

    [Test]
    public async Task Input_under_the_cap_is_read_whole()
    {
        var data = new byte[100_000];
        Array.Fill(data, (byte)'a');
        using var stdin = new MemoryStream(data);

        var input = HookInput.Read(stdin);

        await Assert.That(input.Length).IsEqualTo(data.Length);
        await Assert.That(input.DroppedBytes).IsEqualTo(0);
    }

    [Test]
    [Arguments("""{"type":"session.idle"}""", TypeCheck.Relevant)]
    [Arguments("""{"type":"message.part.delta","properties":{"delta":"x"}}""", TypeCheck.Irrelevant)]
    [Arguments("""{"id":"evt_1","properties":{}}""", TypeCheck.NoType)]
    [Arguments("""{"id":"evt_1","properties":{"x":""", TypeCheck.NoType)]
    [Arguments("garbage", TypeCheck.NoType)]
    public async Task The_fast_check_tells_garbage_from_uninteresting_types(string line, TypeCheck expected)
    {
        await Assert.That(EventTypeCheck.Check(Encoding.UTF8.GetBytes(line))).IsEqualTo(expected);
    }

    [Test]
    public async Task Splitting_finds_lines_and_whole_pretty_printed_values()
    {
        var input = Encoding.UTF8.GetBytes("  {\"a\":1}  \r\n\n{\n \"b\": 2\n}\n{\"c\":3}");

        var parts = EventSplitter.Split(input).Select(p => Encoding.UTF8.GetString(p.Span)).ToList();

        await Assert.That(parts).IsEquivalentTo(new[] { "{\"a\":1}", "{\n \"b\": 2\n}", "{\"c\":3}" }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }
}
