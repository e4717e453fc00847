using System.Text;

namespace OpenCodeSync.Json;

/// <summary>One splice: at <see cref="At"/>, drop <see cref="Remove"/> bytes and put <see cref="Insert"/> there.</summary>
public readonly record struct TextEdit(int At, int Remove, string Insert);

/// <summary>Byte-level helpers for splicing into a UTF-8 JSONC file without disturbing anything else.</summary>
internal static class TextEdits
{
    public static byte[] Apply(ReadOnlySpan<byte> text, IEnumerable<TextEdit> edits)
    {
        var result = text.ToArray();
        // From the end backwards, so earlier offsets stay valid.
        foreach (var e in edits.OrderByDescending(x => x.At))
        {
            var insert = Encoding.UTF8.GetBytes(e.Insert);
            result = [.. result.AsSpan(0, e.At), .. insert, .. result.AsSpan(e.At + e.Remove)];
        }

        return result;
    }

    public static string NewLine(ReadOnlySpan<byte> text) => text.IndexOf("\r\n"u8) >= 0 ? "\r\n" : "\n";

    public static int LineStart(ReadOnlySpan<byte> text, int pos)
    {
        var nl = text[..pos].LastIndexOf((byte)'\n');
        return nl + 1;
    }

    /// <summary>The spaces/tabs that open the line <paramref name="pos"/> is on.</summary>
    public static string Indent(ReadOnlySpan<byte> text, int pos)
    {
        var start = LineStart(text, pos);
        var i = start;
        while (i < text.Length && text[i] is (byte)' ' or (byte)'\t')
        {
            i++;
        }

        return Encoding.UTF8.GetString(text[start..i]);
    }

    /// <summary>True when only spaces/tabs come before <paramref name="pos"/> on its line.</summary>
    public static bool IsFirstOnLine(ReadOnlySpan<byte> text, int pos) =>
        IsBlank(text[LineStart(text, pos)..pos]);

    public static bool IsBlank(ReadOnlySpan<byte> s) => s.IndexOfAnyExcept(" \t\r"u8) < 0;

    /// <summary>Offset just past the end of the line <paramref name="pos"/> is on (after its newline).</summary>
    public static int LineEnd(ReadOnlySpan<byte> text, int pos)
    {
        var nl = text[pos..].IndexOf((byte)'\n');
        return nl < 0 ? text.Length : pos + nl + 1;
    }

    /// <summary>
    /// The offset of the comma between two tokens, or -1. The region holds only whitespace, comments and at
    /// most one comma (the tokenizer said so), so skipping comments is all the lexing needed.
    /// </summary>
    public static int CommaBetween(ReadOnlySpan<byte> text, int from, int to)
    {
        var i = from;
        while (i < to)
        {
            if (text[i] == (byte)',')
            {
                return i;
            }

            if (text[i] == (byte)'/' && i + 1 < to && text[i + 1] == (byte)'/')
            {
                i = LineEnd(text, i);
                continue;
            }

            if (text[i] == (byte)'/' && i + 1 < to && text[i + 1] == (byte)'*')
            {
                var close = text[(i + 2)..].IndexOf("*/"u8);
                i = close < 0 ? to : i + 2 + close + 2;
                continue;
            }

            i++;
        }

        return -1;
    }
}
