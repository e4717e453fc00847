using System.Text.Json;
using System.Text.Json.Serialization;
using OpenCodeSync.Archive;
using OpenCodeSync.Delivery;

namespace OpenCodeSync.Commands;

/// <summary>What the commands print with <c>--json</c> (and <c>sync --export</c> writes).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(StatusReport))]
[JsonSerializable(typeof(ConfigReport))]
[JsonSerializable(typeof(VersionReport))]
[JsonSerializable(typeof(SessionExport))]
[JsonSerializable(typeof(SyncReport))]
[JsonSerializable(typeof(PullReport))]
[JsonSerializable(typeof(List<SessionSummary>))]
[JsonSerializable(typeof(List<SearchReportHit>))]
[JsonSerializable(typeof(ExportReport))]
[JsonSerializable(typeof(StatsReport))]
[JsonSerializable(typeof(ForgetReport))]
[JsonSerializable(typeof(List<LogEntry>))]
internal sealed partial class ReportJson : JsonSerializerContext
{
    /// <summary>The same reports, indented, for output a person reads.</summary>
    public static ReportJson Indented => s_indented ??= new(new JsonSerializerOptions(s_defaultOptions) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static ReportJson? s_indented;
}
