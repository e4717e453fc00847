using OpenCodeSync.Terminal;

namespace OpenCodeSync.Tests.Terminal;

public class TableTests
{
    [Test]
    [Arguments("plain title", "plain title")]
    [Arguments("  two\t\tlines\r\nhere  ", "two lines here")]
    [Arguments("a  b", "a b")]
    [Arguments("esc\e[31mred", "esc [31mred")]
    [Arguments("\n", "")]
    public async Task One_line_cells_have_no_control_characters_and_single_spaces(string text, string expected)
    {
        await Assert.That(TextCells.OneLine(text)).IsEqualTo(expected);
    }

    [Test]
    public async Task Columns_align_numbers_right_and_lines_end_without_padding()
    {
        var table = new Table(new Column("id"), new Column("title", Flexible: true), new Column("n", Right: true));
        table.Add("a", "short", "5");
        table.Add("bbb", "a much longer title", "12345");
        var output = new StringWriter { NewLine = "\n" };

        table.Write(output, 100, Style.Plain);

        await Assert.That(output.ToString()).IsEqualTo(
            "id   title                    n\n" +
            "a    short                    5\n" +
            "bbb  a much longer title  12345\n");
    }

    [Test]
    public async Task A_narrow_terminal_cuts_the_flexible_column_only()
    {
        var table = new Table(new Column("id"), new Column("title", Flexible: true, MinWidth: 5), new Column("last"));
        table.Add("ses_1", "a much longer title", "x");
        var output = new StringWriter { NewLine = "\n" };

        table.Write(output, 20, Style.Plain);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await Assert.That(lines[1]).IsEqualTo("ses_1  a much…  x");
        foreach (var line in lines)
            await Assert.That(TextCells.Width(line)).IsLessThanOrEqualTo(20);
    }
}
