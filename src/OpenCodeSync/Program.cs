using ConsoleAppFramework;
using OpenCodeSync.Commands;
using OpenCodeSync.Hook;
using OpenCodeSync.Hosting;
using OpenCodeSync.Cli;

// The hook runs once per OpenCode event: straight to it, without building the router.
if (args is ["hook"])
{
    return new HookCommand(CliContext.ForProcess()).Run();
}

// Answered before the router exists: `--version` is what start-up benchmarks time.
if (args is ["--version"] or ["-v"])
{
    var v = VersionCommand.Current();
    new SystemConsoleIO().Out.WriteLine($"opencode-sync {v.Version} (commit {v.Commit}, {v.Rid})");
    return ExitCodes.Ok;
}

var app = ConsoleApp.Create();
ConsoleApp.LogError = message => CommandLine.ReportRouterError(args, message, Console.Error, words => RouterHelp.Capture(() => app.RunAsync([.. words, "--help"]).GetAwaiter().GetResult()));
ConsoleApp.Log = message => CommandLine.Print(args, message, Console.Out, Console.Error);
ConsoleApp.ServiceProvider = new ContextServiceProvider(CliContext.ForProcess);

app.Add<LoginCommand>();
app.Add<LogoutCommand>();
app.Add<StatusCommand>();
app.Add<ConfigCommand>();
app.Add<VersionCommand>();
app.Add<SetupCommand>();
app.Add<VerifyCommand>();
app.Add<LogsCommand>();
app.Add<HookCommand>();
app.Add<DeliverCommand>();
app.Add<FlushCommand>();
app.Add<SyncCommand>();
app.Add<PullCommand>();
app.Add<SessionsCommand>();
app.Add<ShowCommand>();
app.Add<SearchCommand>();
app.Add<ContextCommand>();
app.Add<RecallCommand>();
app.Add<ExportCommand>();
app.Add<StatsCommand>();
app.Add<ForgetCommand>();
await app.RunAsync(args).ConfigureAwait(false);
return Environment.ExitCode;
