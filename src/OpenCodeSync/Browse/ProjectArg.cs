using OpenCodeSync.Archive;

namespace OpenCodeSync.Browse;

/// <summary><c>--project P</c>: a directory (it and below; relative to the working directory, <c>~</c> = home) or a project's name.</summary>
public static class ProjectArg
{
    public static SessionFilter Filter(string? project, long? since, string workingDirectory, string home)
    {
        if (string.IsNullOrWhiteSpace(project))
            return new SessionFilter(Since: since);
        var p = project.Trim();
        if (p == "~" || p.StartsWith("~/", StringComparison.Ordinal))
            p = home + p[1..];
        var path = Path.GetFullPath(Path.IsPathRooted(p) ? p : Path.Combine(workingDirectory, p));
        var name = p.Contains('/') || p.Contains('\\') || p is "." or ".." ? null : p;
        return new SessionFilter(path.Length > 1 ? path.TrimEnd('/') : path, name, since);
    }
}
