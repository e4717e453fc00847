namespace OpenCodeSync.Sync;

/// <summary>Names a project after its directory, for paths from any OS (sessions can come from Windows).</summary>
public static class ProjectPaths
{
    /// <summary>The last segment of <paramref name="directory"/>; null for an empty path or a bare root.</summary>
    public static string? ProjectName(string? directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
            return null;
        var trimmed = directory.TrimEnd('/', '\\');
        var cut = trimmed.LastIndexOfAny(['/', '\\']);
        var name = trimmed[(cut + 1)..];
        // "C:" alone is a drive root, not a project.
        if (name.Length == 0 || (name.Length == 2 && name[1] == ':' && char.IsAsciiLetter(name[0])))
            return null;
        return name;
    }
}
