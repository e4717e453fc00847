using System.Text;

namespace OpenCodeSync.Tests.Support;

/// <summary>Event streams recorded from real OpenCode 1.18.33 runs (copied next to the test binary).</summary>
public static class Fixtures
{
    public const string Simple = "oc-1.18.33-simple.jsonl";
    public const string Tool = "oc-1.18.33-tool.jsonl";
    public const string Reason = "oc-1.18.33-reason.jsonl";
    public const string Multi = "oc-1.18.33-multi.jsonl";
    public const string Bash = "oc-1.18.33-bash.jsonl";

    public static IReadOnlyList<byte[]> Lines(string name) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", name))
            .Where(l => l.Length > 0)
            .Select(Encoding.UTF8.GetBytes)
            .ToList();

    public static IReadOnlyList<string> TextLines(string name) => Lines(name).Select(Encoding.UTF8.GetString).ToList();
}
