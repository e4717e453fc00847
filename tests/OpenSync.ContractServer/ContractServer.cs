using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenSync.ContractServer.Http;
using OpenSync.ContractServer.Storage;

namespace OpenSync.ContractServer;

/// <summary>
/// A strict local stand-in for the OpenSync (Convex) backend on 127.0.0.1. Start one per test with
/// <see cref="StartAsync"/>, talk to <see cref="BaseAddress"/> over real HTTP, then assert on the
/// stored documents, the request log and the skipped updates.
/// </summary>
public sealed class ContractServer : IAsyncDisposable
{
    /// <summary>A well-formed key (<c>osk_</c> + 32 chars) accepted unless the options say otherwise.</summary>
    public const string DefaultApiKey = "osk_ContractServerTestKey0123456789_";

    private readonly WebApplication _app;
    private readonly ServerContext _context;

    private ContractServer(WebApplication app, ServerContext context, Uri baseAddress)
    {
        _app = app;
        _context = context;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Port => BaseAddress.Port;

    public FaultInjector Faults => _context.Faults;

    public ApiKeyRing Keys => _context.Keys;

    public IReadOnlyList<StoredSession> Sessions => _context.Store.Sessions;

    public IReadOnlyList<StoredMessage> Messages => _context.Store.Messages;

    /// <summary>Sessions a message created because its session was not sent first — should stay empty.</summary>
    public IReadOnlyList<StoredSession> AutoCreatedSessions => [.. Sessions.Where(x => x.AutoCreated)];

    public IReadOnlyList<SkippedUpdate> SkippedUpdates => _context.Store.Skipped;

    public IReadOnlyList<RequestRecord> Requests => _context.Log.Records;

    /// <summary>Requests per <c>"METHOD /path"</c>, faulted and rejected ones included.</summary>
    public IReadOnlyDictionary<string, int> RouteCounts => _context.Log.CountsByRoute;

    public StoredSession? FindSession(string externalId) => Sessions.FirstOrDefault(x => x.ExternalId == externalId);

    public StoredMessage? FindMessage(string externalId) => Messages.FirstOrDefault(x => x.ExternalId == externalId);

    public IReadOnlyList<StoredMessage> MessagesOf(string sessionExternalId) =>
        [.. Messages.Where(x => x.SessionExternalId == sessionExternalId)];

    public static async Task<ContractServer> StartAsync(ContractServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ContractServerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxQueryDocumentsRead, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxQueryBytesRead, 1);
        var context = new ServerContext(
            new Store(options.TimeProvider, options.SumMessageTokensIntoSession),
            new ApiKeyRing(options.ApiKeys),
            new FaultInjector { Latency = options.Latency },
            new RequestLog(),
            options.TimeProvider,
            options.ReadRoutes,
            options.MaxQueryDocumentsRead,
            options.MaxQueryBytesRead);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Loopback only, and no Kestrel body cap: the 20 MiB limit is the backend's, enforced by the routes.
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;
        });

        var app = builder.Build();
        app.Run(ctx => (ctx.Request.Path.Value ?? "").StartsWith(AdminRoutes.Prefix, StringComparison.Ordinal)
            ? AdminRoutes.DispatchAsync(ctx, context)
            : RequestPipeline.HandleAsync(ctx, context));
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.Single();
        return new ContractServer(app, context, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/"));
    }

    /// <summary>An <see cref="HttpClient"/> for this server, authenticated with <paramref name="apiKey"/> unless null.</summary>
    public HttpClient CreateClient(string? apiKey = DefaultApiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (apiKey is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    /// <summary>Forgets every document, skipped update, logged request and pending fault; keys stay.</summary>
    public void Reset()
    {
        _context.Store.Reset();
        _context.Log.Clear();
        _context.Faults.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await _context.Stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _context.Stopping.Dispose();
    }
}
