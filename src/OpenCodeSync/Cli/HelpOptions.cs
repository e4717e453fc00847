namespace OpenCodeSync.Cli;

/// <summary>
/// A command's option names, read from the help the router generates for it: the router is the only list of
/// them, so suggestions cannot drift from what it accepts.
/// </summary>
public static class HelpOptions
{
    /// <summary>Every <c>--name</c> listed under "Options:" (aliases and <c>-h|--help</c> included).</summary>
    public static List<string> Parse(string help)
    {
        var names = new List<string>();
        var inOptions = false;
        foreach (var raw in help.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length > 0 && line[0] != ' ')
            {
                inOptions = line.StartsWith("Options:", StringComparison.Ordinal);
                continue;
            }
            if (!inOptions)
                continue;
            // "  -f, --follow  …", "  --since <string?>  …", "  -h, --help  …": names come first, then a type or text.
            foreach (var word in line.TrimStart().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!word.StartsWith('-'))
                    break;
                foreach (var name in word.Split([',', '|'], StringSplitOptions.RemoveEmptyEntries))
                {
                    if (name.StartsWith("--", StringComparison.Ordinal) && name.Length > 2 && !names.Contains(name))
                        names.Add(name);
                }
            }
        }
        return names;
    }
}
