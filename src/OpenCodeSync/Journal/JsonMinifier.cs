namespace OpenCodeSync.Journal;

/// <summary>
/// Drops insignificant whitespace from valid JSON without touching anything else: strings, escapes and
/// numbers stay byte-for-byte as OpenCode wrote them (a serializer round trip would re-escape them).
/// </summary>
public static class JsonMinifier
{
    /// <summary>True when the bytes contain a line break, i.e. cannot be one journal line as they are.</summary>
    public static bool IsMultiLine(ReadOnlySpan<byte> json) => json.IndexOfAny((byte)'\n', (byte)'\r') >= 0;

    public static byte[] Minify(ReadOnlySpan<byte> json)
    {
        var output = new byte[json.Length];
        var length = 0;
        var inString = false;
        var escaped = false;
        foreach (var b in json)
        {
            if (inString)
            {
                if (escaped)
                {
                    escaped = false;
                }
                else if (b == (byte)'\\')
                {
                    escaped = true;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }
            }
            else if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }
            else if (b == (byte)'"')
            {
                inString = true;
            }

            output[length++] = b;
        }

        return output.AsSpan(0, length).ToArray();
    }
}
