using System.Buffers;

namespace OpenCodeSync.Hosting;

/// <summary>Masks API-key-shaped text before it reaches a log (event input can quote anything).</summary>
public static class SecretMask
{
    private static readonly SearchValues<char> KeyChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");

    /// <summary>How every OpenSync API key begins.</summary>
    public const string KeyPrefix = "osk_";

    /// <summary>A key as it may be shown: the prefix and its last four characters.</summary>
    public static string MaskKey(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return "(none)";
        }

        var tail = key.Length > KeyPrefix.Length + 4 ? key[^4..] : "";
        return $"{KeyPrefix}****{tail}";
    }

    // Hand-rolled rather than a Regex: the regex engine would add size to a binary that starts per event.
    public static string Apply(string text)
    {
        var at = text.IndexOf(KeyPrefix, StringComparison.Ordinal);
        if (at < 0)
        {
            return text;
        }

        var result = new System.Text.StringBuilder(text.Length);
        var from = 0;
        while (at >= 0)
        {
            var bodyStart = at + KeyPrefix.Length;
            var bodyLength = text.AsSpan(bodyStart).IndexOfAnyExcept(KeyChars);
            var end = bodyLength < 0 ? text.Length : bodyStart + bodyLength;
            result.Append(text, from, at - from).Append(MaskKey(text[at..end]));
            from = end;
            at = text.IndexOf(KeyPrefix, from, StringComparison.Ordinal);
        }

        return result.Append(text, from, text.Length - from).ToString();
    }
}
