namespace OpenCodeSync.Cli;

/// <summary>
/// Hands commands their <see cref="CliContext"/> without building a DI container: a container costs
/// milliseconds at every start, and the hook starts once per OpenCode event.
/// </summary>
internal sealed class ContextServiceProvider(Func<CliContext> create) : IServiceProvider
{
    private CliContext? _context;

    public object? GetService(Type serviceType) =>
        serviceType == typeof(CliContext) ? _context ??= create() : null;
}
