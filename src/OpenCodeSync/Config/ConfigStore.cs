using System.Text.Json;
using OpenCodeSync.Hosting;
using OpenCodeSync.Json;

namespace OpenCodeSync.Config;

/// <summary>Reads and writes config.json (0600 in a 0700 directory, replaced atomically).</summary>
public sealed class ConfigStore(AppPaths paths)
{
    public string Path => paths.ConfigFile;

    public bool Exists => File.Exists(Path);

    /// <summary>The file's contents, or <see cref="ConfigFile.Empty"/> when there is none.</summary>
    /// <exception cref="ConfigException">The file exists but cannot be read or parsed.</exception>
    public ConfigFile Load()
    {
        string text;
        try
        {
            if (!File.Exists(Path))
            {
                return ConfigFile.Empty;
            }

            text = File.ReadAllText(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"cannot read {Path}: {e.Message}. Fix its permissions, or remove it and run 'opencode-sync login'.", e);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return ConfigFile.Empty;
        }

        try
        {
            return JsonSerializer.Deserialize(text, ConfigJson.Default.ConfigFile) ?? ConfigFile.Empty;
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1})" : "";
            throw new ConfigException($"{Path} is not valid JSON{where}. Fix it by hand, or delete it and run 'opencode-sync login' again.", e);
        }
    }

    public void Save(ConfigFile config)
    {
        try
        {
            var json = JsonSerializer.Serialize(config, ConfigJson.Default.ConfigFile);
            PrivateFiles.WriteAtomically(Path, json + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"cannot write {Path}: {e.Message}", e);
        }
    }

    public LegacyCredentials? LoadLegacy()
    {
        try
        {
            if (!File.Exists(paths.LegacyCredentialsFile))
            {
                return null;
            }

            var legacy = JsonSerializer.Deserialize(File.ReadAllText(paths.LegacyCredentialsFile), ConfigJson.Default.LegacyCredentials);
            return legacy is { ConvexUrl.Length: > 0 } or { ApiKey.Length: > 0 } ? legacy : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    public string LegacyPath => paths.LegacyCredentialsFile;
}
