using System.Text;
using System.Text.Json;

namespace OpenCodeSync.Tests.Setup;

/// <summary>What a test needs to know about a JSONC text: does it parse, what plugins, which comments.</summary>
internal static class Jsonc
{
    public static List<string> Comments(string text)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Allow, AllowTrailingCommas = true });
        var comments = new List<string>();
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.Comment)
            {
                comments.Add(reader.GetComment());
            }
        }

        return comments;
    }

    /// <summary>The plugin specs in order; throws when the text is not JSONC.</summary>
    public static List<string> Plugins(string text)
    {
        using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!doc.RootElement.TryGetProperty("plugin", out var p))
        {
            return [];
        }

        return [.. p.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Array ? e[0].GetString()! : e.GetString()!)];
    }
}
