using System.Text.Json;
using ConsoleAppFramework;
using OpenCodeSync.Config;
using OpenCodeSync.Hosting;
using OpenCodeSync.Json;
using OpenCodeSync.OpenCode;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Cli;

namespace OpenCodeSync.Commands;

[ConsoleAppFilter<ErrorFilter>]
public sealed class StatusCommand(CliContext ctx)
{
    /// <summary>Show whether syncing works: credentials, one timed request to the backend, plugin registration.</summary>
    /// <param name="json">Print the report as JSON.</param>
    [Command("status")]
    public async Task<int> RunAsync(bool json = false, CancellationToken cancellationToken = default)
    {
        var store = ctx.Config;
        var config = EffectiveConfig.Resolve(store.Load(), ctx.Env);
        var warnings = new List<string>();
        if (PrivateFiles.IsTooOpen(store.Path))
        {
            warnings.Add($"{store.Path} can be read by other users; run: chmod 600 {store.Path}");
        }

        var report = new StatusReport
        {
            Configured = config.IsConfigured,
            Ready = false,
            Url = config.Url.Value,
            UrlSource = SourceName(config.Url),
            ApiKey = config.ApiKey.HasValue ? ApiKey.Mask(config.ApiKey.Value) : null,
            ApiKeySource = SourceName(config.ApiKey),
            ConfigFile = store.Path,
            Plugin = CheckPlugin(),
            LegacyCredentials = !store.Exists && store.LoadLegacy() is not null ? store.LegacyPath : null,
            Warnings = warnings,
            Delivery = DeliveryReader.Read(ctx.Paths.StateDir, ctx.Clock.Now, config.SecondsOf(Settings.SessionWait)),
            Archive = ArchiveStatusReader.Read(ctx.Paths.DataDir),
            Recall = config.IsOn(Settings.Recall),
            Privacy = new PrivacyReport(
                config.IsOn(Settings.Redact),
                Settings.SplitList(config.Settings.GetValueOrDefault(Settings.Exclude)?.Value)),
        };

        if (config.IsConfigured)
        {
            report = report with { Backend = await CheckBackendAsync(config, cancellationToken).ConfigureAwait(false) };
            report = report with { Ready = report.Backend.Ok };
        }

        if (json)
        {
            ctx.Console.Out.WriteLine(JsonSerializer.Serialize(report, ReportJson.Indented.StatusReport));
        }
        else
        {
            StatusText.Write(ctx.Console.Out, report);
        }

        return !report.Configured ? ExitCodes.NotConfigured
            : report.Ready ? ExitCodes.Ok
            : ExitCodes.BackendFailing;
    }

    private Task<BackendCheck> CheckBackendAsync(EffectiveConfig config, CancellationToken ct) =>
        BackendProbe.CheckAsync(ctx, config, ct);

    private PluginCheck CheckPlugin()
    {
        var state = PluginInspector.Inspect(ctx, VersionCommand.Current().Version);
        return new PluginCheck(state.Ok, state.Detail);
    }

    private static string? SourceName(SourcedValue value) => value.Source switch
    {
        ValueSource.Env => "env",
        ValueSource.File => "file",
        ValueSource.Default => "default",
        _ => null,
    };
}
