using System.Runtime.InteropServices;
using OpenCodeSync.Hosting;

namespace OpenCodeSync.PluginInstall;

/// <summary>Where the plugin would find this binary, or what it would have tried.</summary>
public sealed record BinaryLocation(string? Path, string How, IReadOnlyList<string> Tried);

/// <summary>
/// The plugin's search for the binary, repeated here so <c>verify</c> can tell whether it will succeed.
/// Same order as src/plugin/lib/binary.js: $OPENCODE_SYNC_BIN, the binary <c>setup</c> pinned in the plugin file,
/// the npm package opencode-sync-&lt;os&gt;-&lt;arch&gt; next to the plugin, then PATH.
/// </summary>
public static class BinaryLocator
{
    /// <summary>npm's names: process.platform and process.arch.</summary>
    public static string PlatformPackage(OSPlatform? os = null, Architecture? arch = null)
    {
        var platform = os is { } o ? o : OperatingSystem.IsWindows() ? OSPlatform.Windows : OperatingSystem.IsMacOS() ? OSPlatform.OSX : OSPlatform.Linux;
        var p = platform == OSPlatform.Windows ? "win32" : platform == OSPlatform.OSX ? "darwin" : "linux";
        var a = (arch ?? RuntimeInformation.OSArchitecture) switch
        {
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "ia32",
            _ => "x64",
        };
        return $"opencode-sync-{p}-{a}";
    }

    private static string ExeName => OperatingSystem.IsWindows() ? "opencode-sync.exe" : "opencode-sync";

    /// <param name="env">The environment OpenCode will run in (verify assumes: this one).</param>
    /// <param name="pluginEntry">The registered plugin entry; a path tells where node_modules lookup starts.</param>
    /// <param name="openCodeCacheDir">OpenCode's cache dir, where it installs npm plugins.</param>
    /// <param name="pinned">The binary named in the plugin file <c>setup</c> wrote, if that is how the plugin is installed.</param>
    public static BinaryLocation Find(IEnvironment env, string? pluginEntry, string openCodeCacheDir, string? pinned = null)
    {
        if (env.Get(EnvVars.Bin) is { Length: > 0 } explicitPath)
        {
            return IsExecutable(explicitPath)
                ? new BinaryLocation(explicitPath, $"${EnvVars.Bin}", [])
                : new BinaryLocation(null, "", [$"${EnvVars.Bin}={explicitPath} is not an executable file"]);
        }

        // A pinned binary that has moved falls through, as in the plugin.
        if (pinned is { Length: > 0 } && IsExecutable(pinned))
        {
            return new BinaryLocation(pinned, "the plugin file written by setup", []);
        }

        var package = PlatformPackage();
        foreach (var start in PackageSearchStarts(pluginEntry, openCodeCacheDir))
        {
            // Node's resolution: node_modules in this directory and every parent.
            for (var dir = start; !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
            {
                var candidate = Path.Combine(dir, "node_modules", package, "bin", ExeName);
                if (IsExecutable(candidate))
                {
                    return new BinaryLocation(candidate, $"npm package {package}", []);
                }
            }
        }

        foreach (var dir in (env.Get(EnvVars.Path) ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, ExeName);
            if (IsExecutable(candidate))
            {
                return new BinaryLocation(candidate, "PATH", []);
            }
        }

        List<string> tried = [$"${EnvVars.Bin} (unset)"];
        if (pinned is { Length: > 0 })
        {
            tried.Add($"{pinned} (named by the plugin file; not an executable file)");
        }

        return new BinaryLocation(null, "", [.. tried, $"npm package {package}", "opencode-sync on PATH"]);
    }

    private static IEnumerable<string> PackageSearchStarts(string? pluginEntry, string openCodeCacheDir)
    {
        if (pluginEntry is not null && (pluginEntry.Contains('/', StringComparison.Ordinal) || pluginEntry.Contains('\\', StringComparison.Ordinal)) && !pluginEntry.StartsWith('@'))
        {
            var p = pluginEntry.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? pluginEntry["file://".Length..] : pluginEntry;
            yield return Directory.Exists(p) ? p : Path.GetDirectoryName(p) ?? p;
        }

        // npm entries: OpenCode installs them (with their optional dependencies) under its cache dir.
        yield return Path.Combine(openCodeCacheDir, "node_modules", PluginRegistrationReader.PackageName);
    }

    private static bool IsExecutable(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return false;
            }

            return OperatingSystem.IsWindows() ||
                   (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }
}
