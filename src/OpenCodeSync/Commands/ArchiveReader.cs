using ConsoleAppFramework;
using OpenCodeSync.Archive;
using OpenCodeSync.Browse;
using OpenCodeSync.Config;
using OpenCodeSync.Hosting;
using OpenCodeSync.Terminal;
using OpenCodeSync.Cli;
using OpenCodeSync.Sqlite;

namespace OpenCodeSync.Commands;

/// <summary>
/// The archive opened for one read command, with what its output needs (colour, width, time zone), and the
/// failures every such command reports the same way: no archive yet, a newer archive, an unreadable file.
/// </summary>
internal sealed class ArchiveReader : IDisposable
{
    /// <summary>Width for tables when standard output is not a terminal and COLUMNS is unset.</summary>
    public const int DefaultWidth = 100;

    private readonly CliContext _ctx;
    private bool? _configured;

    private ArchiveReader(CliContext ctx, string command, ArchiveDb db)
    {
        _ctx = ctx;
        Command = command;
        Db = db;
        Style = Style.For(ctx.Console, ctx.Env);
        Width = ctx.Console.Width is > 0 and var w ? w
            : int.TryParse(ctx.Env.Get("COLUMNS"), out var columns) && columns > 20 ? columns : DefaultWidth;
    }

    public string Command { get; }
    public ArchiveDb Db { get; }
    public Style Style { get; }
    public int Width { get; }
    public TimeZoneInfo Zone => TimeZoneInfo.Local;
    /// <summary>Output, written to the console in one piece when the command ends (a write per line costs a syscall each).</summary>
    public TextWriter Out { get; } = new StringWriter { NewLine = "\n" };

    /// <summary>Logged in (or configured by environment): queued records are on their way, not merely local.</summary>
    public bool Configured => _configured ??= IsConfigured(_ctx);

    /// <summary>
    /// Opens the archive and runs <paramref name="query"/> on it; every failure becomes one line on standard
    /// error and an exit code (these commands run without <see cref="ErrorFilter"/>, so this is their only net).
    /// </summary>
    public static int Run(CliContext ctx, string command, Func<ArchiveReader, int> query)
    {
        ArchiveDb? db;
        try
        {
            db = ArchiveDb.OpenForReading(ctx.Paths.DataDir);
        }
        catch (SqliteException e)
        {
            return Fail(ctx, command, $"cannot read {ArchiveDb.PathIn(ctx.Paths.DataDir)}: {e.Message}", ExitCodes.LocalError);
        }
        if (db is null)
        {
            return Fail(ctx, command, $"no local archive yet ({ArchiveDb.PathIn(ctx.Paths.DataDir)}). It fills as OpenCode runs " +
                "with the plugin ('opencode-sync setup'), or import past sessions with 'opencode-sync sync'.", ExitCodes.NotConfigured);
        }
        using var reader = new ArchiveReader(ctx, command, db);
        if (db.IsNewer)
        {
            ctx.Console.Error.WriteLine($"opencode-sync {command}: note: the archive was written by a newer opencode-sync " +
                $"(version {db.Version}; this one knows {ArchiveSchema.Version}); showing what this version can read.");
        }
        int code;
        try
        {
            reader.Db.AttachState(ctx.Paths.StateDir);
            reader.Db.BeginSnapshot();
            code = query(reader);
        }
        catch (SqliteException e)
        {
            var hint = db.IsNewer ? " (upgrade opencode-sync to read this archive)" : "";
            code = Fail(ctx, command, $"cannot read {db.Path}: {e.Message}{hint}", ExitCodes.LocalError);
        }
        catch (Exception e) when (e is not ArgumentParseFailedException)
        {
            code = CommandErrors.Report(ctx.Console.Error, command, e);
        }
        // What was produced before a failure is still shown; an output that cannot be written is a failure too.
        try
        {
            ctx.Console.Out.Write(reader.Out.ToString());
            ctx.Console.Out.Flush();
        }
        catch (IOException e)
        {
            return CommandErrors.Report(ctx.Console.Error, command, e);
        }
        return code;
    }

    public int Usage(string message) => Fail(_ctx, Command, message, ExitCodes.Usage);

    public int Error(string message, int code = ExitCodes.NotConfigured) => Fail(_ctx, Command, message, code);

    private static int Fail(CliContext ctx, string command, string message, int code)
    {
        ctx.Console.Error.WriteLine($"opencode-sync {command}: {message}");
        return code;
    }

    private static bool IsConfigured(CliContext ctx)
    {
        try
        {
            return EffectiveConfig.IsConfiguredBy(ctx.Config.Load(), ctx.Env);
        }
        catch (ConfigException)
        {
            return false; // a broken config file sends nothing; other commands report it
        }
    }

    /// <summary>The full id of the session the user typed, or null after reporting an unknown or ambiguous id (exit 1).</summary>
    public string? ResolveSession(string input, out int exitCode)
    {
        exitCode = 0;
        if (SessionLookup.Find(Db, input, out var problem) is { } id)
            return id;
        exitCode = Error(problem);
        return null;
    }

    public void Dispose() => Db.Dispose();
}
