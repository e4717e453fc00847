namespace OpenCodeSync.Cli;

/// <summary>
/// The router's generated help, reworded the way a native CLI prints it: the usage line names the program,
/// defaults read as values (not C# literals), and only the top level offers <c>--version</c>.
/// </summary>
public static class HelpText
{
    public const string Program = "opencode-sync";

    public static string Polish(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
            lines[i] = PolishLine(lines[i]);
        return string.Join('\n', lines);
    }

    private static string PolishLine(string line)
    {
        if (line.StartsWith("Usage: ", StringComparison.Ordinal))
        {
            var rest = line["Usage: ".Length..];
            if (!rest.StartsWith("[command]", StringComparison.Ordinal))
                rest = rest.Replace(" [--version]", "", StringComparison.Ordinal);
            return $"Usage: {Program} {rest}";
        }
        line = line.Replace(" [Default: null]", "", StringComparison.Ordinal);
        // A string default prints as a C# verbatim literal: [Default: @"md"] → [Default: md].
        const string Literal = "[Default: @\"";
        var start = line.IndexOf(Literal, StringComparison.Ordinal);
        var end = start < 0 ? -1 : line.IndexOf("\"]", start + Literal.Length, StringComparison.Ordinal);
        return end < 0 ? line : $"{line[..start]}[Default: {line[(start + Literal.Length)..end]}]{line[(end + 2)..]}";
    }
}
