using System.Globalization;
using System.Text;

namespace OpenCodeSync.Terminal;

/// <summary>
/// Text as it occupies a terminal: columns per character (wide CJK/emoji count two), cutting to a width
/// with an ellipsis, and stripping control characters — archived text is whatever a model or tool
/// printed, and an escape sequence in it must not reach the user's terminal.
/// </summary>
public static class TextCells
{
    /// <summary>One line: control characters (incl. ESC, CR, newlines, tabs) become spaces, runs of them one.</summary>
    public static string OneLine(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        if (IsOneLine(text))
            return text; // the common case (ids, dates, numbers, most titles): no copy
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                if (!space && sb.Length > 0)
                    sb.Append(' ');
                space = true;
                continue;
            }
            sb.Append(c);
            space = false;
        }
        return sb.ToString().TrimEnd();
    }

    /// <summary>Already what <see cref="OneLine"/> makes: no control characters, single spaces, none at either end.</summary>
    private static bool IsOneLine(string text)
    {
        if (text[0] == ' ' || text[^1] == ' ')
            return false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) || (char.IsWhiteSpace(c) && (c != ' ' || text[i - 1] == ' ')))
                return false;
        }
        return true;
    }

    /// <summary>Keeps newlines and tabs (as spaces); drops every other control character.</summary>
    public static string Printable(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == '\n')
                sb.Append('\n');
            else if (c == '\t')
                sb.Append("    ");
            else if (!char.IsControl(c))
                sb.Append(c);
        }
        return sb.ToString();
    }

    public static int Width(string text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
            width += Width(rune);
        return width;
    }

    /// <summary>At most <paramref name="max"/> columns; a cut string ends in "…".</summary>
    public static string Fit(string text, int max)
    {
        if (max <= 0)
            return "";
        if (Width(text) <= max)
            return text;
        var sb = new StringBuilder();
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var w = Width(rune);
            if (width + w > max - 1)
                break;
            sb.Append(rune.ToString());
            width += w;
        }
        return sb.Append('…').ToString();
    }

    public static string PadRight(string text, int width) => text + new string(' ', Math.Max(0, width - Width(text)));

    public static string PadLeft(string text, int width) => new string(' ', Math.Max(0, width - Width(text))) + text;

    private static int Width(Rune r)
    {
        var category = Rune.GetUnicodeCategory(r);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format)
            return 0;
        var v = r.Value;
        // East Asian wide/fullwidth blocks and the emoji planes: two columns in every common terminal.
        return v is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3 or >= 0xF900 and <= 0xFAFF
            or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6 or >= 0x1F300 and <= 0x1FAFF
            or >= 0x20000 and <= 0x3FFFD
            ? 2
            : 1;
    }
}
