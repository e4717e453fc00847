using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCodeSync.Delivery;
using OpenCodeSync.Hosting;
using OpenCodeSync.Json;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Sync;
using OpenSync.ContractServer;
using Server = OpenSync.ContractServer.ContractServer;
using OpenCodeSync.Http;
using OpenCodeSync.State;
using OpenCodeSync.Config;

namespace OpenCodeSync.Tests.Support;

/// <summary>
/// Delivery wired in-process against the real contract server: a temp state dir, a memory journal, the
/// retrying client with short timeouts. Everything but the journal is the production code path.
/// </summary>
public sealed class DeliveryHarness : IAsyncDisposable
{
    private readonly TempDir _dir = new();
    private readonly List<HttpClient> _clients = [];

    private DeliveryHarness(Server server, DeliveryOptions options)
    {
        Server = server;
        Options = options;
        Db = StateDb.Open(StateDir);
    }

    public Server Server { get; }
    public StateDb Db { get; }
    public MemoryJournal Journal { get; } = new();
    public DeliveryOptions Options { get; }
    public string StateDir => _dir["state"];
    public string ApiKey { get; set; } = Server.DefaultApiKey;

    /// <summary>Short per-attempt timeout and fast backoff: faults resolve in test time.</summary>
    public static DeliveryOptions FastOptions { get; } = new()
    {
        Poll = TimeSpan.FromMilliseconds(20),
        IdleExit = TimeSpan.FromMilliseconds(300),
        FailureBackoff = TimeSpan.FromMilliseconds(50),
        MaxFailureBackoff = TimeSpan.FromMilliseconds(400),
        Http = new HttpPolicy(TimeSpan.FromSeconds(1), MaxRetries: 3, BaseDelay: TimeSpan.FromMilliseconds(20),
            MaxDelay: TimeSpan.FromMilliseconds(200), BreakDuration: TimeSpan.FromMilliseconds(500)),
    };

    public static async Task<DeliveryHarness> StartAsync(DeliveryOptions? options = null, ContractServerOptions? serverOptions = null) =>
        new(await Server.StartAsync(serverOptions), options ?? FastOptions);

    public DeliveryLoop Loop(bool online = true, RecordOptions? records = null) =>
        new(Db, Journal, online ? Worker() : null, new SystemClock(), Options, records ?? RecordOptions.Default, "key-id");

    public DeliveryWorker Worker()
    {
        var http = OpenSyncHttp.CreateResilient(Options.Http);
        _clients.Add(http);
        var client = new OpenSyncClient(http, Server.BaseAddress.ToString().TrimEnd('/'), ApiKey);
        return new DeliveryWorker(Db, client, new SystemClock(), Options, StateDir);
    }

    public Task<LoopResult> FlushAsync(TimeSpan? timeout = null) =>
        Loop().RunAsync(LoopMode.Flush, timeout ?? TimeSpan.FromSeconds(60), CancellationToken.None);

    /// <summary>
    /// What the server should end up holding: the records of the in-memory fold of the same lines, createdAt included
    /// (the session's and each message's own time, never the delivery's).
    /// </summary>
    public static string Expected(IEnumerable<string> lines, RecordOptions? options = null)
    {
        var fold = Folding.Fold(lines);
        var sb = new StringBuilder();
        foreach (var id in fold.Store.SessionIds)
        {
            var snap = fold.Snapshot(id);
            if (snap.Deleted)
                continue;
            sb.AppendLine(ExpectedSession(RecordBuilder.BuildSession(snap)));
            foreach (var m in snap.Messages.Where(m => RecordBuilder.IsComplete(snap, m)))
                sb.AppendLine(ExpectedMessage(RecordBuilder.BuildMessage(snap, m, options)));
        }
        return sb.ToString();
    }

    /// <summary>The server's documents in the same shape as <see cref="Expected"/>.</summary>
    public string Actual()
    {
        var sb = new StringBuilder();
        foreach (var s in Server.Sessions.OrderBy(s => s.ExternalId, StringComparer.Ordinal))
        {
            sb.AppendLine(CanonicalJson.Of(Obj(
                ("externalId", s.ExternalId), ("title", s.Title), ("projectPath", s.ProjectPath), ("projectName", s.ProjectName),
                ("model", s.Model), ("provider", s.Provider), ("source", s.Source), ("promptTokens", s.PromptTokens),
                ("completionTokens", s.CompletionTokens), ("cost", s.Cost), ("durationMs", s.DurationMs), ("createdAt", (double)s.CreatedAt)).ToJsonString()));
            foreach (var m in Server.MessagesOf(s.ExternalId).OrderBy(m => Order(m.ExternalId)))
            {
                var o = Obj(
                    ("sessionExternalId", m.SessionExternalId), ("externalId", m.ExternalId), ("role", m.Role), ("textContent", m.TextContent),
                    ("model", m.Model), ("promptTokens", m.PromptTokens), ("completionTokens", m.CompletionTokens), ("durationMs", m.DurationMs),
                    ("createdAt", (double)m.CreatedAt));
                o["parts"] = new JsonArray([.. m.Parts.OrderBy(p => p.Order).Select(p =>
                    (JsonNode)new JsonObject { ["type"] = p.Type, ["content"] = JsonNode.Parse(p.Content.GetRawText()) })]);
                sb.AppendLine(CanonicalJson.Of(o.ToJsonString()));
            }
        }
        return sb.ToString();
    }

    private readonly Dictionary<string, int> _order = [];

    private int Order(string id) => _order.GetValueOrDefault(id, int.MaxValue);

    /// <summary>Remembers the expected message order (the server keeps no order of its own).</summary>
    public string ExpectedFor(IEnumerable<string> lines, RecordOptions? options = null)
    {
        var text = Expected(lines, options);
        var i = 0;
        foreach (var line in text.Split('\n'))
        {
            using var doc = JsonDocument.Parse(line.Length == 0 ? "{}" : line);
            if (doc.RootElement.TryGetProperty("sessionExternalId", out _))
                _order[doc.RootElement.GetProperty("externalId").GetString()!] = i++;
        }
        return text;
    }

    private static string ExpectedSession(SessionRecord r) =>
        CanonicalJson.Of(JsonSerializer.Serialize(r with { PromptTokens = r.PromptTokens ?? 0, CompletionTokens = r.CompletionTokens ?? 0, Cost = r.Cost ?? 0 }, ContractJson.Default.SessionRecord));

    private static string ExpectedMessage(MessageRecord r) =>
        CanonicalJson.Of(JsonSerializer.Serialize(r with { Source = null, Parts = r.Parts ?? [] }, ContractJson.Default.MessageRecord));

    private static JsonObject Obj(params (string Key, object? Value)[] fields)
    {
        var node = new JsonObject();
        foreach (var (k, v) in fields)
        {
            JsonNode? value = v switch
            {
                null => null,
                string text => text,
                double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => (long)d,
                double d => d,
                _ => throw new ArgumentException(k),
            };
            if (value is not null)
                node[k] = value;
        }
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _clients)
            c.Dispose();
        Db.Dispose();
        await Server.DisposeAsync();
        _dir.Dispose();
    }
}
