namespace OpenCodeSync.Hosting;

/// <summary>Environment variables and the home directory; the only way code reads either.</summary>
public interface IEnvironment
{
    string? Get(string name);
    string HomeDirectory { get; }
}

public sealed class SystemEnvironment : IEnvironment
{
    public string? Get(string name) => Environment.GetEnvironmentVariable(name);

    public string HomeDirectory =>
        Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home
            ? home
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
}
