namespace OpenCodeSync.Config;

/// <summary>OpenSync API keys: <c>osk_</c> followed by URL-safe characters. Never shown whole.</summary>
public static class ApiKey
{
    public const string Prefix = "osk_";

    public static bool TryValidate(string? input, out string key, out string error)
    {
        key = input?.Trim() ?? "";
        if (key.Length == 0)
        {
            error = "the API key is empty; create one in OpenSync under Settings > API Key";
            return false;
        }

        if (!key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = $"that is not an OpenSync API key: keys start with '{Prefix}' (Settings > API Key in OpenSync)";
            key = "";
            return false;
        }

        var body = key.AsSpan(Prefix.Length);
        if (body.Length < 8 || body.ContainsAnyExcept(AllowedChars))
        {
            error = $"the API key {Mask(key)} is malformed: after '{Prefix}' it must be letters, digits, '-' or '_' (copy it again from OpenSync)";
            key = "";
            return false;
        }

        error = "";
        return true;
    }

    /// <summary><c>osk_****</c> plus the last four characters: enough to tell keys apart, useless to an attacker.</summary>
    public static string Mask(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return "(none)";
        }

        var tail = key.Length > Prefix.Length + 4 ? key[^4..] : "";
        return $"{Prefix}****{tail}";
    }

    private static readonly System.Buffers.SearchValues<char> AllowedChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");
}
