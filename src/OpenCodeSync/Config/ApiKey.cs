using OpenCodeSync.Hosting;

namespace OpenCodeSync.Config;

/// <summary>OpenSync API keys: <c>osk_</c> followed by URL-safe characters. Never shown whole.</summary>
public static class ApiKey
{
    public const string Prefix = SecretMask.KeyPrefix;

    /// <summary>OpenSync issues 32 characters after the prefix; shorter ones down to this are accepted for older keys.</summary>
    private const int MinBodyLength = 8;

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
        // Say the rule that failed: a short key is usually a partial copy, a bad character a stray quote or space.
        if (body.IndexOfAnyExcept(AllowedChars) is var bad and >= 0)
        {
            error = $"the API key {Mask(key)} is malformed: character {Prefix.Length + bad + 1} is not a letter, digit, '-' or '_' (copy it again from OpenSync)";
            key = "";
            return false;
        }

        if (body.Length < MinBodyLength)
        {
            error = $"the API key {Mask(key)} is too short: {Prefix.Length + body.Length} characters, an OpenSync key has {Prefix.Length + 32} (copy all of it from OpenSync)";
            key = "";
            return false;
        }

        error = "";
        return true;
    }

    /// <summary><c>osk_****</c> plus the last four characters: enough to tell keys apart, useless to an attacker.</summary>
    public static string Mask(string? key) => SecretMask.MaskKey(key);

    private static readonly System.Buffers.SearchValues<char> AllowedChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");
}
