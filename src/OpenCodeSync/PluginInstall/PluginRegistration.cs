using System.Text.Json;

namespace OpenCodeSync.PluginInstall;

/// <summary>Where (if anywhere) OpenCode is told to load our plugin.</summary>
public sealed record PluginRegistration(bool Registered, string? ConfigPath, string? Entry, string? Problem);

/// <summary>
/// Reads OpenCode's config files (JSON with comments and trailing commas) to see whether the plugin is listed.
/// Accepts the package name, a pinned <c>name@version</c>, a path to the plugin, or <c>[name, {options}]</c>.
/// </summary>
public static class PluginRegistrationReader
{
    public const string PackageName = "opencode-sync-plugin";

    private static readonly JsonDocumentOptions Jsonc = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The config files OpenCode reads, most specific last (the project overrides the global one).</summary>
    public static IEnumerable<string> CandidateFiles(string globalConfigDir, string projectDir, string? explicitConfig)
    {
        yield return Path.Combine(globalConfigDir, "opencode.json");
        yield return Path.Combine(globalConfigDir, "opencode.jsonc");
        yield return Path.Combine(globalConfigDir, "config.json");
        if (!string.IsNullOrEmpty(explicitConfig))
        {
            yield return explicitConfig;
        }

        yield return Path.Combine(projectDir, "opencode.json");
        yield return Path.Combine(projectDir, "opencode.jsonc");
    }

    public static PluginRegistration Find(IEnumerable<string> files)
    {
        string? problem = null;
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(file), Jsonc);
                if (FindEntry(doc.RootElement) is { } entry)
                {
                    return new PluginRegistration(true, file, entry, null);
                }
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
            {
                problem = $"cannot read {file}: {e.Message}";
            }
        }

        return new PluginRegistration(false, null, null, problem);
    }

    public static string? FindEntry(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object ||
            !root.TryGetProperty("plugin", out var plugins) ||
            plugins.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var item in plugins.EnumerateArray())
        {
            var spec = item.ValueKind switch
            {
                JsonValueKind.String => item.GetString(),
                JsonValueKind.Array when item.GetArrayLength() > 0 && item[0].ValueKind == JsonValueKind.String => item[0].GetString(),
                _ => null,
            };
            if (spec is not null && IsOurs(spec))
            {
                return spec;
            }
        }

        return null;
    }

    public static bool IsOurs(string spec)
    {
        var s = spec.Trim();
        if (s.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            s = s["file://".Length..];
        }

        if (s == PackageName || s.StartsWith(PackageName + "@", StringComparison.Ordinal))
        {
            return true;
        }

        // A path to a checkout or an installed copy of the plugin.
        var normalized = s.Replace('\\', '/');
        return normalized.Contains('/', StringComparison.Ordinal) &&
               (normalized.Contains("/" + PackageName, StringComparison.Ordinal) ||
                normalized.Contains("opencode-sync/src/plugin", StringComparison.Ordinal) ||
                normalized.EndsWith("/opencode-sync.js", StringComparison.Ordinal) ||
                IsInsideOurPackage(s));
    }

    /// <summary>
    /// A path into any directory whose package.json names our package (a checkout under another name, a
    /// worktree, a vendored copy): the file system says whose it is when the path itself does not.
    /// </summary>
    private static bool IsInsideOurPackage(string path)
    {
        try
        {
            var dir = Directory.Exists(path) ? path : Path.GetDirectoryName(path);
            for (var i = 0; i < 3 && !string.IsNullOrEmpty(dir); i++, dir = Path.GetDirectoryName(dir))
            {
                var manifest = Path.Combine(dir, "package.json");
                if (File.Exists(manifest))
                {
                    using var doc = JsonDocument.Parse(File.ReadAllText(manifest), Jsonc);
                    return doc.RootElement.ValueKind == JsonValueKind.Object &&
                           doc.RootElement.TryGetProperty("name", out var name) &&
                           name.ValueKind == JsonValueKind.String && name.GetString() == PackageName;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or ArgumentException)
        {
            // an unreadable path is not evidence of anything
        }

        return false;
    }
}
