namespace OpenCodeSync.Tests.Support;

/// <summary>Numbers a test measured; also appended to $OPENCODE_SYNC_TEST_METRICS when set (scripts collect them).</summary>
public static class Metrics
{
    private static readonly Lock Gate = new();

    public static void Report(string line)
    {
        Console.WriteLine(line);
        if (Environment.GetEnvironmentVariable("OPENCODE_SYNC_TEST_METRICS") is { Length: > 0 } file)
        {
            lock (Gate)
                File.AppendAllText(file, line + Environment.NewLine);
        }
    }
}
