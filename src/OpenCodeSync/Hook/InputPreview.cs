using System.Text;

namespace OpenCodeSync.Hook;

/// <summary>A short, printable, single-line prefix of rejected input: enough to recognise it, never all of it.</summary>
public static class InputPreview
{
    public const int MaxBytes = 80;

    public static string Of(ReadOnlySpan<byte> input)
    {
        var cut = input.Length > MaxBytes;
        var head = cut ? input[..MaxBytes] : input;
        var text = new StringBuilder(head.Length + 16);
        foreach (var b in head)
        {
            // Bytes, not chars: binary junk and a UTF-8 sequence split by the cut both stay readable.
            if (b is >= 0x20 and < 0x7f)
            {
                text.Append((char)b);
            }
            else
            {
                text.Append("\\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return cut ? $"\"{text}\"… ({input.Length} bytes)" : $"\"{text}\"";
    }
}
