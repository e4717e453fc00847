using System.Text;

namespace OpenCodeSync.Terminal;

/// <summary>One column of a <see cref="Table"/>. <paramref name="Paint"/> colours a cell after it was fitted.</summary>
public sealed record Column(string Header, bool Right = false, bool Flexible = false, int MinWidth = 8, Func<string, string>? Paint = null);

/// <summary>
/// Rows aligned in columns to the terminal's width: the flexible column (a title) gives up space first, cut
/// with "…"; the others keep their full width, so numbers are never cut.
/// </summary>
public sealed class Table(params Column[] columns)
{
    private const string Gap = "  ";
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public void Add(params string[] cells)
    {
        if (cells.Length != columns.Length)
            throw new ArgumentException($"expected {columns.Length} cells, got {cells.Length}", nameof(cells));
        var row = new string[cells.Length];
        for (var i = 0; i < cells.Length; i++)
            row[i] = TextCells.OneLine(cells[i]);
        _rows.Add(row);
    }

    /// <summary>The column widths for <paramref name="width"/> terminal columns.</summary>
    public int[] Layout(int width)
    {
        var widths = new int[columns.Length];
        var total = Gap.Length * (columns.Length - 1);
        for (var i = 0; i < columns.Length; i++)
        {
            widths[i] = TextCells.Width(columns[i].Header);
            foreach (var row in _rows)
                widths[i] = Math.Max(widths[i], TextCells.Width(row[i]));
            total += widths[i];
        }
        // The rightmost flexible column (a title) gives way first, then the ones before it (a project name).
        for (var i = columns.Length - 1; i >= 0 && total > width; i--)
        {
            if (!columns[i].Flexible)
                continue;
            var floor = Math.Min(widths[i], Math.Max(columns[i].MinWidth, TextCells.Width(columns[i].Header)));
            var cut = Math.Min(total - width, widths[i] - floor);
            widths[i] -= cut;
            total -= cut;
        }
        return widths;
    }

    public void Write(TextWriter output, int width, Style style)
    {
        var widths = Layout(width);
        // One builder for every line: a read command is a whole process, and each fresh 4 KB it allocates is a page fault.
        var line = new StringBuilder(width * 2);
        var headers = new string[columns.Length];
        for (var i = 0; i < columns.Length; i++)
            headers[i] = columns[i].Header;
        output.WriteLine(style.Dim(Line(line, headers, widths, paint: false).ToString()));
        foreach (var row in _rows)
            output.WriteLine(Line(line, row, widths, paint: true));
    }

    private StringBuilder Line(StringBuilder sb, string[] cells, int[] widths, bool paint)
    {
        sb.Clear();
        for (var i = 0; i < cells.Length; i++)
        {
            var last = i == cells.Length - 1;
            var text = TextCells.Fit(cells[i], widths[i]);
            var pad = Math.Max(0, widths[i] - TextCells.Width(text));
            var shown = paint && columns[i].Paint is { } p ? p(text) : text;
            if (columns[i].Right)
                sb.Append(' ', pad).Append(shown);
            else if (!last)
                sb.Append(shown).Append(' ', pad);
            else
                sb.Append(shown);
            if (!last)
                sb.Append(Gap);
        }
        var end = sb.Length;
        while (end > 0 && sb[end - 1] == ' ')
            end--;
        return sb.Remove(end, sb.Length - end);
    }
}
