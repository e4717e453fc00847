using OpenCodeSync.Hosting;

namespace OpenCodeSync.Tests.Support;

/// <summary>An environment whose HOME is a temp dir and whose variables are only those a test sets.</summary>
public sealed class FakeEnvironment(string home) : IEnvironment
{
    public Dictionary<string, string> Vars { get; } = new(StringComparer.Ordinal);

    public string HomeDirectory => home;

    public string? Get(string name) => Vars.GetValueOrDefault(name);
}
