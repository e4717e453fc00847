namespace OpenCodeSync.Tests.EndToEnd.RealOpenCode;

/// <summary>Files of this repository the end-to-end tests use (the plugin's sources, the mock LLM, the installer).</summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string MockLlm => Path.Combine(Root, "tests", "e2e", "mock-llm.mjs");
    public static string Installer => Path.Combine(Root, "scripts", "opencode-install.sh");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "opencode-install.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (scripts/opencode-install.sh) above the test binary");
    }
}
