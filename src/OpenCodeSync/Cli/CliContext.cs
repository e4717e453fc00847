using OpenCodeSync.Config;
using OpenCodeSync.Delivery;
using OpenCodeSync.Journal;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Hosting;
using OpenCodeSync.Http;

namespace OpenCodeSync.Cli;

/// <summary>
/// Every side effect a command may cause, in one object handed to it. Tests build one over buffers,
/// temporary directories and a local server; the binary builds the real one.
/// </summary>
public sealed class CliContext(IConsoleIO console, IEnvironment env, IClock clock, Func<HttpClient>? interactiveHttp = null)
{
    public IConsoleIO Console { get; } = console;
    public IEnvironment Env { get; } = env;
    public IClock Clock { get; } = clock;
    public AppPaths Paths { get; } = new(env);
    public ConfigStore Config => new(Paths);
    // Lazy: only the commands that look at the project need it, and getcwd fails (throws) when OpenCode's
    // directory was deleted — the per-event hook must not die before its own error handling.
    public string WorkingDirectory { get => _workingDirectory ??= Directory.GetCurrentDirectory(); init => _workingDirectory = value; }

    private string? _workingDirectory;

    /// <summary>This program's own file: what <c>setup</c> pins in the plugin it writes (tests name another).</summary>
    public string? ExecutablePath { get => _executablePath ??= Environment.ProcessPath; init => _executablePath = value; }

    private string? _executablePath;

    private FileLog? _log;

    /// <summary>The diagnostic log; nothing is opened until something is written.</summary>
    public FileLog Log => _log ??= new FileLog(Paths.LogFile, Clock);

    private readonly Func<HttpClient> _interactiveHttp = interactiveHttp ?? (() => OpenSyncHttp.CreateInteractive(TimeSpan.FromSeconds(15)));

    /// <summary>A client for a one-shot request the user is waiting on.</summary>
    public OpenSyncClient InteractiveClient(string url, string apiKey) => new(_interactiveHttp(), url, apiKey);

    /// <summary>Delivery's timeouts and pacing; tests shorten them.</summary>
    public DeliveryOptions Delivery { get; init; } = DeliveryOptions.Default;

    /// <summary>How <c>pull</c> pages and paces; tests make the pages small.</summary>
    public OpenCodeSync.Pull.PullOptions Pull { get; init; } = OpenCodeSync.Pull.PullOptions.Default;

    /// <summary>The journal hook processes append to (tests may hand delivery another one).</summary>
    public Func<AppPaths, IJournalSource> OpenJournal { get; init; } = static paths => new FileJournal(paths.StateDir);

    /// <summary>The retrying client delivery sends with; built only by commands that deliver.</summary>
    public Func<HttpPolicy, HttpClient> DeliveryHttp { get; init; } = OpenSyncHttp.CreateResilient;

    /// <summary>Starts background delivery unless one runs (tests replace it: their process is not the binary).</summary>
    public Func<CliContext, Delivery.WakeResult> WakeDelivery { get; init; } = static c => new Delivery.DeliveryLauncher(c.Env, c.Paths).WakeIfIdle();

    /// <summary>What delivery works through, taken from this context.</summary>
    public DeliveryHost DeliveryHost => new(Paths, Env, Clock, Log, Config, Delivery, OpenJournal, DeliveryHttp);

    public static CliContext ForProcess() => new(new SystemConsoleIO(), new SystemEnvironment(), new SystemClock());
}
