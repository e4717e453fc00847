namespace OpenCodeSync.Tests.Support;

/// <summary>The checkout the tests run from, for scripts under scripts/.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string Script(string name) => System.IO.Path.Combine(Path, "scripts", name);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "OpenCodeSync.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (OpenCodeSync.slnx) above " + AppContext.BaseDirectory);
    }
}
