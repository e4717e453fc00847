namespace OpenCodeSync.Config;

/// <summary>
/// What config.json holds. <c>convexUrl</c>/<c>apiKey</c> are the names the original plugin used at the
/// same path, so an existing file keeps working.
/// </summary>
public sealed record ConfigFile
{
    public string? ConvexUrl { get; init; }
    public string? ApiKey { get; init; }
    public Dictionary<string, string>? Settings { get; init; }

    public static ConfigFile Empty { get; } = new();

    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasCredentials => !string.IsNullOrEmpty(ConvexUrl) || !string.IsNullOrEmpty(ApiKey);
}

/// <summary>The original TypeScript plugin's <c>~/.opensync/credentials.json</c>.</summary>
public sealed record LegacyCredentials(string? ConvexUrl, string? ApiKey);
