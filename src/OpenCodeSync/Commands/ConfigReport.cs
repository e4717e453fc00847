using OpenCodeSync.Config;
namespace OpenCodeSync.Commands;

/// <summary>What <c>config --json</c> prints.</summary>
public sealed record ConfigReport(string ConfigFile, IReadOnlyList<ConfigEntry> Values);

public sealed record ConfigEntry(string Key, string? Value, string Source, string Description);
