using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OpenCodeSync.Recall;

/// <summary>
/// One tool call as the plugin hands it over on standard input: the tool, the arguments the model gave (any JSON:
/// a model may send a number as a string, or nothing at all), and where the call comes from.
/// </summary>
public sealed record RecallRequest(string? Tool, JsonObject? Args, string? SessionID, string? Directory)
{
    public const string Search = "history_search";
    public const string Read = "history_read";

    public string? Text(string name) => Args?[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Trim() is { Length: > 0 } t ? t : null;

    /// <summary>A whole number given as a number or as digits in a string; null when absent or not one.</summary>
    public int? Number(string name) => Args?[name] switch
    {
        JsonValue v when v.TryGetValue<double>(out var d) && double.IsFinite(d) => (int)Math.Clamp(Math.Round(d), int.MinValue, int.MaxValue),
        JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };
}

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RecallRequest))]
[JsonSerializable(typeof(ContextReport))]
internal sealed partial class RecallJson : JsonSerializerContext;
