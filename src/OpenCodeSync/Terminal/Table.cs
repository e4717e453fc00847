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
        _rows.Add([.. cells.Select(TextCells.OneLine)]);
    }

    /// <summary>The column widths for <paramref name="width"/> terminal columns.</summary>
    public int[] Layout(int width)
    {
        var widths = new int[columns.Length];
        for (var i = 0; i < columns.Length; i++)
            widths[i] = Math.Max(TextCells.Width(columns[i].Header), _rows.Count == 0 ? 0 : _rows.Max(r => TextCells.Width(r[i])));
        var total = widths.Sum() + Gap.Length * (columns.Length - 1);
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
        output.WriteLine(style.Dim(Line(columns.Select(c => c.Header).ToArray(), widths, paint: false)));
        foreach (var row in _rows)
            output.WriteLine(Line(row, widths, paint: true));
    }

    private string Line(string[] cells, int[] widths, bool paint)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            var last = i == cells.Length - 1;
            var text = TextCells.Fit(cells[i], widths[i]);
            var pad = new string(' ', Math.Max(0, widths[i] - TextCells.Width(text)));
            var shown = paint && columns[i].Paint is { } p ? p(text) : text;
            if (columns[i].Right)
                sb.Append(pad).Append(shown);
            else
                sb.Append(shown).Append(last ? "" : pad);
            if (!last)
                sb.Append(Gap);
        }
        return sb.ToString().TrimEnd();
    }
}
