using System.Text.Json;
using OpenCodeSync.Hosting;

namespace OpenCodeSync.Delivery;

/// <summary>
/// "Is there anything to deliver to?" answered on the hook's hot path: environment first, then a token scan
/// of config.json for a non-empty <c>apiKey</c> — no serializer, no validation (deliver does that).
/// </summary>
public static class LoginProbe
{
    public static bool HasCredentials(IEnvironment env, AppPaths paths)
    {
        if (!string.IsNullOrWhiteSpace(env.Get(EnvVars.ApiKey)) || !string.IsNullOrWhiteSpace(env.Get(EnvVars.Url)))
        {
            return true;
        }

        byte[] config;
        try
        {
            config = File.ReadAllBytes(paths.ConfigFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // no file (not logged in), or unreadable: deliver could not use it either
        }

        return ConfigHasApiKey(config);
    }

    public static bool ConfigHasApiKey(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // Case-insensitive like the config reader (Web defaults).
                var isKey = reader.GetString() is { } name && name.Equals("apiKey", StringComparison.OrdinalIgnoreCase);
                reader.Read();
                if (isKey)
                {
                    return reader.TokenType == JsonTokenType.String && !string.IsNullOrWhiteSpace(reader.GetString());
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }
}
