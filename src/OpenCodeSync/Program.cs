using ConsoleAppFramework;
ConsoleApp.ServiceProvider = new Sp();
ConsoleApp.LogError = m => Console.Error.WriteLine(m);
var app = ConsoleApp.Create();
app.Add<LoginCmd>();
app.Add<StatusCmd>();
app.Run(args);

sealed class Sp : IServiceProvider { public object? GetService(Type t) => t == typeof(Ctx) ? new Ctx() : null; }
public sealed class Ctx { public string Name = "ctx"; }
public sealed class LoginCmd(Ctx ctx)
{
    /// <summary>Save the OpenSync URL and API key.</summary>
    /// <param name="url">The Convex URL (https://NAME.convex.cloud).</param>
    /// <param name="noVerify">Save without checking the key.</param>
    [Command("login")]
    public async Task<int> RunAsync(string? url = null, bool noVerify = false, CancellationToken ct = default)
    { await Task.Yield(); Console.WriteLine($"login {url} {noVerify} {ctx.Name}"); return 3; }
}
public sealed class StatusCmd(Ctx ctx)
{
    /// <summary>Show status.</summary>
    /// <param name="json">JSON output.</param>
    [Command("status")]
    public int Run(bool json = false) { Console.WriteLine($"status {json} {ctx.Name}"); return 2; }
    /// <summary>Set a config value.</summary>
    /// <param name="key">Key.</param>
    /// <param name="value">Value.</param>
    [Command("config set")]
    public int Set([Argument] string key, [Argument] string value) { Console.WriteLine($"set {key}={value}"); return 0; }
}
