using System.Text.Json;
using System.Text.Json.Serialization;
using OpenCodeSync.Commands;
using OpenCodeSync.Config;
using OpenCodeSync.OpenSync;

namespace OpenCodeSync.Json;

/// <summary>
/// Every type the binary reads or writes as JSON. Source-generated so NativeAOT needs no reflection;
/// nulls are never written because the backend rejects <c>null</c> for optional fields.
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
[JsonSerializable(typeof(ConfigFile))]
[JsonSerializable(typeof(LegacyCredentials))]
[JsonSerializable(typeof(StatusReport))]
[JsonSerializable(typeof(ConfigReport))]
[JsonSerializable(typeof(VersionReport))]
[JsonSerializable(typeof(OpenCodeSync.Delivery.SessionExport))]
[JsonSerializable(typeof(SyncReport))]
[JsonSerializable(typeof(List<OpenCodeSync.Archive.SessionSummary>))]
[JsonSerializable(typeof(List<SearchReportHit>))]
[JsonSerializable(typeof(ExportReport))]
[JsonSerializable(typeof(StatsReport))]
[JsonSerializable(typeof(ForgetReport))]
internal sealed partial class AppJson : JsonSerializerContext
{
    /// <summary>The same contracts, indented, for output a person reads.</summary>
    public static AppJson Indented => s_indented ??= new(new JsonSerializerOptions(s_defaultOptions) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static AppJson? s_indented;
}
