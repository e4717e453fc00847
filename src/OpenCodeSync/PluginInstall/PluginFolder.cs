using System.Text;

namespace OpenCodeSync.PluginInstall;

/// <summary>Our entry file found in a plugin folder: what it says, and whether its modules are this binary's.</summary>
public sealed record InstalledPlugin(string EntryPath, PluginEntry? Entry, bool ModulesMatch);

public enum PluginInstallOutcome
{
    Installed,
    Updated,
    Unchanged,
}

/// <summary>
/// The plugin folders OpenCode loads every top-level <c>*.js</c> of (<c>plugin/</c> and <c>plugins/</c> under one
/// config dir: the global one, or a project's <c>.opencode</c>). Ours is one entry file plus a folder of modules
/// beside it, written from the copy embedded in this binary.
/// </summary>
public sealed class PluginFolder(string configDir)
{
    private static readonly string[] FolderNames = ["plugin", "plugins"];
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode DirMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public string ConfigDir { get; } = configDir;

    public IReadOnlyList<InstalledPlugin> Installed()
    {
        var found = new List<InstalledPlugin>();
        foreach (var folder in Folders())
        {
            var entry = Path.Combine(folder, PluginEntryFile.FileName);
            if (File.Exists(entry))
            {
                var parsed = PluginEntryFile.Parse(File.ReadAllText(entry));
                found.Add(new InstalledPlugin(entry, parsed, ModulesMatch(folder, parsed?.Version)));
            }
        }

        return found;
    }

    /// <summary>Writes (or replaces) our files; OpenCode starting meanwhile sees the old plugin or the new one.</summary>
    /// <exception cref="IOException">A folder or file could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to write there.</exception>
    public (PluginInstallOutcome Outcome, string EntryPath, string? PreviousVersion) Install(PluginEntry entry)
    {
        var installed = Installed();
        var folder = installed.Count > 0 ? Path.GetDirectoryName(installed[0].EntryPath)! : DefaultFolder();
        // One copy only: a second entry in the other folder would load the plugin twice.
        foreach (var other in installed.Skip(1))
        {
            RemoveAt(Path.GetDirectoryName(other.EntryPath)!);
        }

        var entryPath = Path.Combine(folder, PluginEntryFile.FileName);
        var text = PluginEntryFile.Render(entry);
        var previous = installed.Count > 0 ? installed[0].Entry?.Version : null;
        if (installed.Count > 0 && installed[0].ModulesMatch && File.ReadAllText(entryPath) == text)
        {
            return (PluginInstallOutcome.Unchanged, entryPath, previous);
        }

        EnsureDirectory(folder);
        ReplaceModules(folder, entry.Version);
        WriteAtomically(entryPath, Encoding.UTF8.GetBytes(text));
        return (installed.Count > 0 ? PluginInstallOutcome.Updated : PluginInstallOutcome.Installed, entryPath, previous);
    }

    /// <summary>Removes our files from every plugin folder; returns the entry files that were there.</summary>
    public IReadOnlyList<string> Uninstall()
    {
        var removed = new List<string>();
        foreach (var folder in Folders())
        {
            if (RemoveAt(folder))
            {
                removed.Add(Path.Combine(folder, PluginEntryFile.FileName));
            }
        }

        return removed;
    }

    /// <summary>The package.json of the modules folder: marks them as ES modules for Node, and names the version.</summary>
    public static string PackageJson(string version) =>
        $$"""{"name":"{{PluginRegistrationReader.PackageName}}","version":"{{version}}","private":true,"type":"module"}""" + "\n";

    private IEnumerable<string> Folders() => FolderNames.Select(name => Path.Combine(ConfigDir, name));

    // plugin/ unless the user already keeps their plugins in plugins/.
    private string DefaultFolder()
    {
        var singular = Path.Combine(ConfigDir, FolderNames[0]);
        var plural = Path.Combine(ConfigDir, FolderNames[1]);
        return !Directory.Exists(singular) && Directory.Exists(plural) ? plural : singular;
    }

    private static IEnumerable<PluginSourceFile> ModuleFiles(string version) =>
        [.. EmbeddedPlugin.Files(), new PluginSourceFile("package.json", Encoding.UTF8.GetBytes(PackageJson(version)))];

    private static bool ModulesMatch(string folder, string? version)
    {
        if (version is null)
        {
            return false;
        }

        var dir = Path.Combine(folder, PluginEntryFile.SupportDirName);
        foreach (var file in ModuleFiles(version))
        {
            var path = Path.Combine(dir, file.RelativePath);
            if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(file.Content))
            {
                return false;
            }
        }

        return true;
    }

    // Built beside the live folder, then swapped in by two renames.
    private static void ReplaceModules(string folder, string version)
    {
        var live = Path.Combine(folder, PluginEntryFile.SupportDirName);
        var staging = Path.Combine(folder, $".{PluginEntryFile.SupportDirName}.{Environment.ProcessId}.new");
        var old = Path.Combine(folder, $".{PluginEntryFile.SupportDirName}.{Environment.ProcessId}.old");
        DeleteDirectory(staging);
        DeleteDirectory(old);
        EnsureDirectory(staging);
        foreach (var file in ModuleFiles(version))
        {
            var path = Path.Combine(staging, file.RelativePath);
            EnsureDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, file.Content);
            SetMode(path, FileMode);
        }

        if (Directory.Exists(live))
        {
            Directory.Move(live, old);
        }

        Directory.Move(staging, live);
        DeleteDirectory(old);
    }

    private static bool RemoveAt(string folder)
    {
        var entry = Path.Combine(folder, PluginEntryFile.FileName);
        var had = File.Exists(entry);
        // The entry first: without it OpenCode loads nothing of ours, whatever is left of the modules.
        if (had)
        {
            File.Delete(entry);
        }

        DeleteDirectory(Path.Combine(folder, PluginEntryFile.SupportDirName));
        return had;
    }

    private static void WriteAtomically(string path, byte[] content)
    {
        // The temporary name must not end in .js, or OpenCode could load the half-written file.
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        File.WriteAllBytes(temp, content);
        SetMode(temp, FileMode);
        File.Move(temp, path, overwrite: true);
    }

    private static void EnsureDirectory(string dir)
    {
        if (!Directory.Exists(dir))
        {
            Directory.CreateDirectory(dir);
            SetMode(dir, DirMode);
        }
    }

    private static void DeleteDirectory(string dir)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }
}
