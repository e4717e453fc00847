using System.Text.Json;
using System.Text.Json.Serialization;
using OpenCodeSync.OpenSync;

namespace OpenCodeSync.Json;

/// <summary>
/// Every type the binary reads or writes as JSON. Source-generated so NativeAOT needs no reflection;
/// nulls are never written because the backend rejects <c>null</c> for optional fields.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(SessionRecord))]
[JsonSerializable(typeof(MessageRecord))]
[JsonSerializable(typeof(SessionListReply))]
[JsonSerializable(typeof(ErrorReply))]
[JsonSerializable(typeof(UpsertReply))]
internal sealed partial class AppJson : JsonSerializerContext;
