using System.Text.Json;
using OpenCodeSync.Hosting;
using OpenCodeSync.OpenCode;
using OpenCodeSync.Cli;
using OpenCodeSync.PluginInstall;

namespace OpenCodeSync.Commands;

/// <summary>What <c>verify</c> says of the plugin: how OpenCode will load it, and whether it is this binary's copy.</summary>
internal sealed record PluginState(bool Ok, string Detail, string? RegisteredEntry, string? PinnedBinary);

internal static class PluginInspector
{
    public static PluginState Inspect(CliContext ctx, string version)
    {
        var installs = new PluginFolder(ctx.Paths.OpenCodeConfigDir).Installed()
            .Concat(new PluginFolder(Path.Combine(ctx.WorkingDirectory, ".opencode")).Installed())
            .DistinctBy(i => Path.GetFullPath(i.EntryPath))
            .ToList();
        var files = PluginRegistrationReader.CandidateFiles(ctx.Paths.OpenCodeConfigDir, ctx.WorkingDirectory, ctx.Env.Get(EnvVars.OpenCodeConfig));
        var registration = PluginRegistrationReader.Find(files);

        var ways = installs.Select(i => i.EntryPath).ToList();
        if (registration.Registered)
        {
            ways.Add($"the entry in {registration.ConfigPath}");
        }

        if (ways.Count == 0)
        {
            return new PluginState(false, "not installed: run 'opencode-sync setup' (or 'setup --project' for this project only)" +
                                          (registration.Problem is null ? "" : $"; {registration.Problem}"), null, null);
        }

        if (ways.Count > 1)
        {
            return new PluginState(false, $"installed {ways.Count} times ({string.Join(", ", ways)}): OpenCode would hand every event over " +
                                          "that many times; run 'opencode-sync setup --uninstall' (add --project for a project's copy), then 'opencode-sync setup'",
                registration.Entry, installs.FirstOrDefault()?.Entry?.Binary);
        }

        return installs.Count == 1 ? OfFile(installs[0], version) : OfRegistration(ctx, registration, version);
    }

    private static PluginState OfFile(InstalledPlugin install, string version)
    {
        const string fix = "run 'opencode-sync setup' to replace it with this binary's copy";
        if (install.Entry is not { } entry)
        {
            return new PluginState(false, $"{install.EntryPath} was not written by 'opencode-sync setup' (or has been edited): {fix}", null, null);
        }

        if (entry.Version != version)
        {
            return new PluginState(false, $"{install.EntryPath} is version {entry.Version} but this binary is {version}: {fix}", null, entry.Binary);
        }

        return install.ModulesMatch
            ? new PluginState(true, $"{PluginRegistrationReader.PackageName} {version} in {install.EntryPath} (this binary's copy)", null, entry.Binary)
            : new PluginState(false, $"the modules beside {install.EntryPath} ({PluginEntryFile.SupportDirName}/) differ from this binary's copy or are missing: {fix}", null, entry.Binary);
    }

    private static PluginState OfRegistration(CliContext ctx, PluginRegistration registration, string version)
    {
        var detail = $"registered in {registration.ConfigPath} ({registration.Entry})";
        // OpenCode installs an npm entry into its cache on start; once there, its version can be compared.
        if (registration.Entry == PluginRegistrationReader.PackageName &&
            CachedVersion(Path.Combine(ctx.Paths.OpenCodeCacheDir, "node_modules", PluginRegistrationReader.PackageName, "package.json")) is { } cached &&
            cached != version)
        {
            return new PluginState(false, $"{detail}, but OpenCode's installed copy is {cached} and this binary is {version}: " +
                                          "run 'opencode-sync setup' to use this binary's own copy instead", registration.Entry, null);
        }

        return new PluginState(true, detail, registration.Entry, null);
    }

    private static string? CachedVersion(string manifest)
    {
        try
        {
            if (!File.Exists(manifest))
            {
                return null;
            }

            using var doc = JsonDocument.Parse(File.ReadAllText(manifest));
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("version", out var v) &&
                   v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
