namespace OpenCodeSync.PluginInstall;

/// <summary>One file of the plugin, by its path inside the plugin's folder (forward slashes).</summary>
public sealed record PluginSourceFile(string RelativePath, byte[] Content);

/// <summary>
/// The plugin's JavaScript as compiled into this binary (see the csproj): the copy <c>setup</c> installs, so the
/// plugin OpenCode loads is always the one this binary was built and tested with.
/// </summary>
public static class EmbeddedPlugin
{
    private const string Prefix = "plugin/";

    public static IReadOnlyList<PluginSourceFile> Files()
    {
        var assembly = typeof(EmbeddedPlugin).Assembly;
        var files = new List<PluginSourceFile>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            files.Add(new PluginSourceFile(name[Prefix.Length..], buffer.ToArray()));
        }

        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return files;
    }
}
