namespace OpenCodeSync.Json;

/// <summary>Convex stores strings as UTF-16 and rejects lone surrogates, which tool output can contain.</summary>
public static class Utf16
{
    public static string ReplaceLoneSurrogates(string s)
    {
        var first = IndexOfLoneSurrogate(s);
        if (first < 0)
            return s;
        var chars = s.ToCharArray();
        for (var i = first; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
                i++;
            else if (char.IsSurrogate(chars[i]))
                chars[i] = '\uFFFD';
        }
        return new string(chars);
    }

    private static int IndexOfLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (!char.IsSurrogate(s[i]))
                continue;
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
                continue;
            }
            return i;
        }
        return -1;
    }
}
