using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenCodeSync.OpenSync;

/// <summary>
/// The backend's records and replies, source-generated so NativeAOT needs no reflection. Nulls are never
/// written: the backend rejects <c>null</c> for optional fields.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(SessionRecord))]
[JsonSerializable(typeof(MessageRecord))]
[JsonSerializable(typeof(SessionListReply))]
[JsonSerializable(typeof(RecentSessionsReply))]
[JsonSerializable(typeof(ErrorReply))]
[JsonSerializable(typeof(UpsertReply))]
[JsonSerializable(typeof(RemoteSessionsReply))]
[JsonSerializable(typeof(SessionDetailReply))]
internal sealed partial class ContractJson : JsonSerializerContext;
