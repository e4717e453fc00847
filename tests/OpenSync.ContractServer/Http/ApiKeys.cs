using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace OpenSync.ContractServer.Http;

/// <summary>The user's API keys; a key can be revoked and restored while the server runs.</summary>
public sealed partial class ApiKeyRing
{
    private readonly ConcurrentDictionary<string, bool> _active = new(StringComparer.Ordinal);

    public ApiKeyRing(IEnumerable<string> keys)
    {
        foreach (var key in keys) Add(key);
    }

    public void Add(string key) => _active[key] = true;

    public void Revoke(string key) => _active[key] = false;

    public void Restore(string key) => _active[key] = true;

    public bool IsValid(string key) => _active.TryGetValue(key, out var active) && active;

    /// <summary>Never show a whole key: <c>osk_****</c> plus the last 4 characters.</summary>
    public static string Redact(string key) => key.Length > 8 ? "osk_****" + key[^4..] : "osk_****";

    /// <summary>
    /// The backend's two auth paths. Returns the 401 message, or null when the caller is authorized.
    /// <paramref name="apiKeyOnly"/> routes refuse anything not shaped like an API key.
    /// </summary>
    internal string? Authorize(HttpRequest request, bool apiKeyOnly)
    {
        string? header = request.Headers.Authorization;
        if (apiKeyOnly)
        {
            if (header is null || !WellFormed().IsMatch(header)) return "Invalid API key format";
            return IsValid(header[7..]) ? null : "Invalid API key";
        }
        if (header is null || !header.StartsWith("Bearer ", StringComparison.Ordinal)) return "Missing Authorization header";
        if (header.StartsWith("Bearer osk_", StringComparison.Ordinal)) return IsValid(header[7..]) ? null : "Invalid API key";
        return "Invalid or expired token";
    }

    [GeneratedRegex("^Bearer osk_[A-Za-z0-9_-]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex WellFormed();
}
