using System.Text;
using OpenCodeSync.Privacy;

namespace OpenCodeSync.Hook;

/// <summary>
/// A short, printable, single-line prefix of rejected input: enough to recognise it, never all of it, and never a
/// secret in it (the log is a plain file; garbage input can be a pasted config or a command line with a token).
/// </summary>
public static class InputPreview
{
    public const int MaxBytes = 80;

    /// <summary>How much of the input is redacted before the cut: a secret that starts in the preview is seen whole.</summary>
    public const int RedactBytes = 4096;

    public static string Of(ReadOnlySpan<byte> input)
    {
        // One char per byte (Latin-1) keeps positions and the escaping below byte-exact; the rules match ASCII.
        var window = Encoding.Latin1.GetString(input.Length > RedactBytes ? input[..RedactBytes] : input);
        var redacted = Redactor.Default.Redact(window, out _);
        var end = CutAt(redacted);
        var cut = end < redacted.Length || input.Length > RedactBytes;
        var text = new StringBuilder(end + 16);
        foreach (var c in redacted.AsSpan(0, end))
        {
            // Bytes, not chars: binary junk and a UTF-8 sequence split by the cut both stay readable.
            if (c is >= ' ' and < '\x7f')
            {
                text.Append(c);
            }
            else
            {
                text.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return cut ? $"\"{text}\"… ({input.Length} bytes)" : $"\"{text}\"";
    }

    // The cut never halves a [REDACTED:kind] marker: it says what was there.
    private static int CutAt(string text)
    {
        if (text.Length <= MaxBytes)
        {
            return text.Length;
        }

        var end = MaxBytes;
        for (var at = text.IndexOf("[REDACTED:", StringComparison.Ordinal); at >= 0 && at < MaxBytes; at = text.IndexOf("[REDACTED:", at + 1, StringComparison.Ordinal))
        {
            var close = text.IndexOf(']', at);
            end = close >= MaxBytes ? close + 1 : MaxBytes;
        }

        return end;
    }
}
