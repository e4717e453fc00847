using System.Buffers;

namespace OpenCodeSync.Hosting;

/// <summary>Masks API-key-shaped text before it reaches a log (event input can quote anything).</summary>
public static class SecretMask
{
    private static readonly SearchValues<char> KeyChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");

    // Hand-rolled rather than a Regex: the regex engine would add size to a binary that starts per event.
    public static string Apply(string text)
    {
        var at = text.IndexOf(Config.ApiKey.Prefix, StringComparison.Ordinal);
        if (at < 0)
        {
            return text;
        }

        var result = new System.Text.StringBuilder(text.Length);
        var from = 0;
        while (at >= 0)
        {
            var bodyStart = at + Config.ApiKey.Prefix.Length;
            var bodyLength = text.AsSpan(bodyStart).IndexOfAnyExcept(KeyChars);
            var end = bodyLength < 0 ? text.Length : bodyStart + bodyLength;
            result.Append(text, from, at - from).Append(Config.ApiKey.Mask(text[at..end]));
            from = end;
            at = text.IndexOf(Config.ApiKey.Prefix, from, StringComparison.Ordinal);
        }

        return result.Append(text, from, text.Length - from).ToString();
    }
}
