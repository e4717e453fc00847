using System.Buffers.Text;
using System.Text;

namespace OpenCodeSync.Journal;

/// <summary>
/// The bytes of <c>journal.log</c>:
/// <code>
/// # opencode-sync journal 1 &lt;generation: 32 hex&gt;\n        (header, written once by whoever creates the file)
/// &lt;crc32c of json: 8 lowercase hex&gt; &lt;json, one line&gt;\n  (one line per accepted event)
/// </code>
/// A line is valid only with its newline and a matching checksum, so a torn write or a flipped byte is
/// detected and skipped instead of being delivered as a different event.
/// </summary>
public static class JournalFormat
{
    public static ReadOnlySpan<byte> HeaderPrefix => "# opencode-sync journal 1 "u8;

    public const int CrcChars = 8;

    /// <summary>Header length: prefix, 32 hex digits, newline.</summary>
    public static int HeaderLength => HeaderPrefix.Length + 32 + 1;

    public static string NewGeneration() => Guid.NewGuid().ToString("N");

    public static byte[] Header(string generation) => Encoding.ASCII.GetBytes($"# opencode-sync journal 1 {generation}\n");

    /// <summary>The generation named by a complete header at the start of <paramref name="start"/>, else null.</summary>
    public static string? ReadGeneration(ReadOnlySpan<byte> start)
    {
        if (start.Length < HeaderLength || !start.StartsWith(HeaderPrefix) || start[HeaderLength - 1] != (byte)'\n')
        {
            return null;
        }

        var hex = start.Slice(HeaderPrefix.Length, 32);
        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigitLower((char)c))
            {
                return null;
            }
        }

        return Encoding.ASCII.GetString(hex);
    }

    /// <summary>Bytes one line takes for an event of <paramref name="jsonLength"/> bytes.</summary>
    public static int LineLength(int jsonLength) => CrcChars + 1 + jsonLength + 1;

    /// <summary>Writes <c>crc SP json LF</c>; <paramref name="json"/> must hold no line break.</summary>
    public static int WriteLine(ReadOnlySpan<byte> json, Span<byte> destination)
    {
        Crc32C.Compute(json).TryFormat(destination, out _, "x8");
        destination[CrcChars] = (byte)' ';
        json.CopyTo(destination[(CrcChars + 1)..]);
        destination[CrcChars + 1 + json.Length] = (byte)'\n';
        return LineLength(json.Length);
    }

    /// <summary>
    /// Checks one line without its newline; on success <paramref name="json"/> is the event.
    /// </summary>
    public static bool TryReadLine(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> json, out string? problem)
    {
        json = default;
        if (line.Length < CrcChars + 2 || line[CrcChars] != (byte)' ')
        {
            problem = "not a journal line (no checksum)";
            return false;
        }

        if (!Utf8Parser.TryParse(line[..CrcChars], out uint expected, out var used, 'x') || used != CrcChars)
        {
            problem = "checksum is not hex";
            return false;
        }

        var body = line[(CrcChars + 1)..];
        if (Crc32C.Compute(body) != expected)
        {
            problem = "checksum mismatch (torn or corrupted)";
            return false;
        }

        json = body;
        problem = null;
        return true;
    }
}
