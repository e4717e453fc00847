using System.Text;
using System.Text.Json;
using OpenCodeSync.Json;

namespace OpenCodeSync.PluginInstall;

/// <summary>What <c>setup</c> did to an OpenCode config file.</summary>
public enum SetupOutcome
{
    Created,
    Added,
    AlreadyRegistered,
    Removed,
    NotRegistered,
}

/// <summary>
/// Edits one OpenCode config file (opencode.json or opencode.jsonc) in place. The user's file is theirs:
/// only our entry changes, the rest is byte-for-byte what it was, and the result must parse before it is written.
/// </summary>
public sealed class OpenCodeConfigFile(string path)
{
    public const string SchemaUrl = "https://opencode.ai/config.json";

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    public string Path { get; } = path;

    /// <summary>opencode.jsonc when it exists (OpenCode reads it too), else opencode.json.</summary>
    public static OpenCodeConfigFile In(string dir)
    {
        var jsonc = System.IO.Path.Combine(dir, "opencode.jsonc");
        return new OpenCodeConfigFile(File.Exists(jsonc) ? jsonc : System.IO.Path.Combine(dir, "opencode.json"));
    }

    /// <exception cref="JsonException">The file is not JSONC, or its "plugin" is not an array.</exception>
    public SetupOutcome Register(string spec)
    {
        // A missing or empty file (some editors create one) gets a fresh config.
        if (!File.Exists(Path) || string.IsNullOrWhiteSpace(File.ReadAllText(Path)))
        {
            var nl = Environment.NewLine;
            Write(Encoding.UTF8.GetBytes(
                $"{{{nl}  \"$schema\": \"{SchemaUrl}\",{nl}  \"plugin\": [{PluginListEditor.Quote(spec)}]{nl}}}{nl}"), expectOurs: true);
            return SetupOutcome.Created;
        }

        var (text, bom) = Read();
        var edits = PluginListEditor.Add(text, spec);
        if (edits.Count == 0)
        {
            return SetupOutcome.AlreadyRegistered;
        }

        Write([.. bom, .. TextEdits.Apply(text, edits)], expectOurs: true);
        return SetupOutcome.Added;
    }

    public SetupOutcome Unregister()
    {
        if (!File.Exists(Path))
        {
            return SetupOutcome.NotRegistered;
        }

        var (text, bom) = Read();
        if (PluginListEditor.RemoveAll(text) is not { } removed)
        {
            return SetupOutcome.NotRegistered;
        }

        Write([.. bom, .. removed], expectOurs: false);
        return SetupOutcome.Removed;
    }

    private (byte[] Text, byte[] Bom) Read()
    {
        var bytes = File.ReadAllBytes(Path);
        // Utf8JsonReader does not accept a byte-order mark; keep it aside and put it back on write.
        return bytes.AsSpan().StartsWith(Bom) ? (bytes[Bom.Length..], Bom) : (bytes, []);
    }

    private void Write(byte[] content, bool expectOurs)
    {
        // The safety net for the splicing: refuse to write anything OpenCode could not read, or that does
        // not say what we meant.
        using (var doc = JsonDocument.Parse(content.AsMemory(content.AsSpan().StartsWith(Bom) ? Bom.Length : 0),
                   new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }))
        {
            if ((PluginRegistrationReader.FindEntry(doc.RootElement) is not null) != expectOurs)
            {
                throw new JsonException("the edited file did not come out as intended; it was left unchanged");
            }
        }

        var full = System.IO.Path.GetFullPath(Path);
        var dir = System.IO.Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = System.IO.Path.Combine(dir, $".{System.IO.Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        File.WriteAllBytes(temp, content);
        if (!OperatingSystem.IsWindows() && File.Exists(full))
        {
            File.SetUnixFileMode(temp, File.GetUnixFileMode(full));   // keep the user's permissions
        }

        // Replaced in one step: OpenCode starting at the same moment sees the old file or the new one.
        File.Move(temp, full, overwrite: true);
    }
}
