using System.Buffers;
using System.Text;
using System.Text.Json;

namespace OpenCodeSync.PluginInstall;

/// <summary>What an installed entry file says: the version that wrote it and the binary it runs.</summary>
public sealed record PluginEntry(string Version, string Binary);

/// <summary>
/// The one file OpenCode loads from its plugin folder: a header for the human who finds it, and a call into the
/// plugin's code with its settings as a JSON object — valid JavaScript that <c>verify</c> reads back exactly.
/// </summary>
public static class PluginEntryFile
{
    public const string FileName = "opencode-sync.js";

    /// <summary>The folder beside the entry that holds the plugin's modules (OpenCode loads only top-level files).</summary>
    public const string SupportDirName = "opencode-sync";

    private const string Call = "createPlugin(";

    public static string Render(PluginEntry entry)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("version", entry.Version);
            w.WriteString("binary", entry.Binary);
            w.WriteEndObject();
        }

        var settings = Encoding.UTF8.GetString(buffer.WrittenSpan);

        return $"""
            // {PluginRegistrationReader.PackageName} {entry.Version}: written by 'opencode-sync setup', which replaces it on every run;
            // 'opencode-sync setup --uninstall' removes it (and ./{SupportDirName}/). It runs the binary named below.
            import {"{"} createPlugin {"}"} from "./{SupportDirName}/lib/plugin.js";

            export const OpenCodeSync = {Call}{settings});

            """.Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    /// <summary>The settings of an entry file written by any version of setup, or null for anything else.</summary>
    public static PluginEntry? Parse(string text)
    {
        var start = text.IndexOf(Call, StringComparison.Ordinal);
        var end = text.LastIndexOf(");", StringComparison.Ordinal);
        if (start < 0 || end <= start)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(text.AsMemory()[(start + Call.Length)..end]);
            var root = doc.RootElement;
            return root.ValueKind == JsonValueKind.Object &&
                   root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String &&
                   root.TryGetProperty("binary", out var b) && b.ValueKind == JsonValueKind.String
                ? new PluginEntry(v.GetString()!, b.GetString()!)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
