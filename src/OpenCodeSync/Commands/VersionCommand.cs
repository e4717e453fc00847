using System.Runtime.InteropServices;
using System.Text.Json;
using ConsoleAppFramework;
using OpenCodeSync.Hosting;
using OpenCodeSync.Json;
using OpenCodeSync.Cli;

namespace OpenCodeSync.Commands;

public sealed record VersionReport(string Version, string Commit, string Rid);

[ConsoleAppFilter<ErrorFilter>]
public sealed class VersionCommand(CliContext ctx)
{
    /// <summary>Print the version, the commit it was built from and the platform.</summary>
    /// <param name="json">Print as JSON.</param>
    [Command("version")]
    public int Run(bool json = false)
    {
        var v = Current();
        ctx.Console.Out.WriteLine(json
            ? JsonSerializer.Serialize(v, ReportJson.Indented.VersionReport)
            : $"opencode-sync {v.Version} (commit {v.Commit}, {v.Rid})");
        return ExitCodes.Ok;
    }

    public static VersionReport Current()
    {
        // The SDK appends "+<SourceRevisionId>" to the informational version. A build-time constant
        // (GenerateBuildInfo in the csproj), not the assembly attribute: reflection costs ~2 ms of start-up.
        var info = BuildInfo.InformationalVersion;
        var plus = info.IndexOf('+', StringComparison.Ordinal);
        var version = plus < 0 ? info : info[..plus];
        var commit = plus < 0 ? "unknown" : info[(plus + 1)..];
        return new VersionReport(version, commit, RuntimeInformation.RuntimeIdentifier);
    }
}
