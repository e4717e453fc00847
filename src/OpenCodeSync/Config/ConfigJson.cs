using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenCodeSync.Config;

/// <summary>config.json and the old plugin's credentials file; people edit them, so comments and trailing commas are read.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(ConfigFile))]
[JsonSerializable(typeof(LegacyCredentials))]
internal sealed partial class ConfigJson : JsonSerializerContext;
