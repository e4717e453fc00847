using System.Text;
using System.Text.Json;

namespace OpenCodeSync.Json;

/// <summary>The byte span of one member of an object or element of an array: value only, no comma or comment.</summary>
public readonly record struct JsoncSpan(int Start, int End, string? Spec = null);

/// <summary>
/// Where things are in an OpenCode config file, as byte offsets, so an edit can splice text in and leave
/// every comment, blank line and formatting choice of the user where it was. Built with
/// <see cref="Utf8JsonReader"/> (comments and trailing commas allowed): a real JSONC tokenizer, no regex.
/// </summary>
public sealed class JsoncMap
{
    private JsoncMap(int rootOpen) => RootOpen = rootOpen;

    /// <summary>Offsets of the root object's <c>{</c> and <c>}</c>.</summary>
    public int RootOpen { get; }
    public int RootClose { get; private set; } = -1;
    public List<JsoncSpan> RootMembers { get; } = [];

    /// <summary>Offsets of the <c>"plugin"</c> array's brackets; -1 when there is no such key.</summary>
    public int PluginOpen { get; private set; } = -1;
    public int PluginClose { get; private set; } = -1;

    /// <summary>Each element of <c>"plugin"</c>, with its spec (the string, or the first item of <c>[name, {options}]</c>).</summary>
    public List<JsoncSpan> PluginElements { get; } = [];

    /// <summary>Set when <c>"plugin"</c> exists but is not an array: we will not guess what the user meant.</summary>
    public bool PluginIsNotArray { get; private set; }

    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Allow,
        AllowTrailingCommas = true,
    };

    /// <exception cref="JsonException">The text is not JSONC, or its top level is not an object.</exception>
    public static JsoncMap Read(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, Options);
        JsoncMap? map = null;
        string? property = null;
        var memberStart = -1;
        var inPlugin = false;
        var elementStart = -1;
        var elementIsArray = false;
        string? elementSpec = null;
        while (reader.Read())
        {
            var at = checked((int)reader.TokenStartIndex);
            var end = checked((int)reader.BytesConsumed);
            var kind = reader.TokenType;
            if (kind == JsonTokenType.Comment)
            {
                continue;
            }

            switch (reader.CurrentDepth)
            {
                case 0 when kind == JsonTokenType.StartObject:
                    map = new JsoncMap(at);
                    break;
                case 0 when kind == JsonTokenType.EndObject && map is not null:
                    map.RootClose = at;
                    return map;
                case 0:
                    throw new JsonException("the top level is not an object");
                case 1 when kind == JsonTokenType.PropertyName:
                    property = reader.GetString();
                    memberStart = at;
                    break;
                case 1 when kind is JsonTokenType.StartArray or JsonTokenType.StartObject:
                    if (property == "plugin" && map!.PluginOpen < 0)
                    {
                        if (kind == JsonTokenType.StartArray)
                        {
                            map.PluginOpen = at;
                            inPlugin = true;
                        }
                        else
                        {
                            map.PluginIsNotArray = true;
                        }
                    }

                    break;
                case 1:
                    // A primitive value, or the end of a nested container: either way the member ends here.
                    if (kind is JsonTokenType.EndArray && inPlugin)
                    {
                        map!.PluginClose = at;
                        inPlugin = false;
                    }
                    else if (property == "plugin" && kind is not (JsonTokenType.EndArray or JsonTokenType.EndObject) && map!.PluginOpen < 0)
                    {
                        map.PluginIsNotArray = true;
                    }

                    map!.RootMembers.Add(new JsoncSpan(memberStart, end, property));
                    break;
                case 2 when inPlugin:
                    if (kind is JsonTokenType.StartArray or JsonTokenType.StartObject)
                    {
                        elementStart = at;
                        elementIsArray = kind == JsonTokenType.StartArray;
                        elementSpec = null;
                    }
                    else if (kind is JsonTokenType.EndArray or JsonTokenType.EndObject)
                    {
                        map!.PluginElements.Add(new JsoncSpan(elementStart, end, elementSpec));
                    }
                    else
                    {
                        map!.PluginElements.Add(new JsoncSpan(at, end, kind == JsonTokenType.String ? reader.GetString() : null));
                    }

                    break;
                case 3 when inPlugin && elementIsArray && elementSpec is null && kind == JsonTokenType.String:
                    // [name, {options}]: the name is the first string of the inner array.
                    elementSpec = reader.GetString();
                    break;
            }
        }

        throw new JsonException("the text ends before the top-level object does");
    }

    public static JsoncMap Read(string text) => Read(Encoding.UTF8.GetBytes(text));
}
