using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OpenCodeSync.Json;
using OpenCodeSync.OpenSync;

namespace OpenCodeSync.Http;

/// <summary>
/// The backend's HTTP routes. Owns no policy: retries and timeouts live in the handler the
/// <see cref="HttpClient"/> was built with, so the same client serves a one-shot check and delivery.
/// </summary>
public sealed class OpenSyncClient(HttpClient http, string baseUrl, string apiKey)
{
    public string BaseUrl { get; } = baseUrl;

    public Task<ApiResult<SessionListReply>> ListSessionsAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Get, "/sync/sessions/list", null, ContractJson.Default.SessionListReply, ct);

    /// <summary>The <paramref name="limit"/> most recently updated sessions, newest first (a read route).</summary>
    public Task<ApiResult<RecentSessionsReply>> RecentSessionsAsync(int limit, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, $"/api/sessions?limit={limit}", null, ContractJson.Default.RecentSessionsReply, ct);

    /// <summary>The <paramref name="limit"/> most recently updated sessions of every source, newest first (no cursor).</summary>
    public Task<ApiResult<RemoteSessionsReply>> RemoteSessionsAsync(int limit, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, $"/api/sessions?limit={limit}", null, ContractJson.Default.RemoteSessionsReply, ct);

    /// <summary>One session with its messages; <paramref name="id"/> is the backend's own id, not the externalId.</summary>
    public Task<ApiResult<SessionDetailReply>> SessionAsync(string id, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, $"/api/sessions/get?id={Uri.EscapeDataString(id)}", null, ContractJson.Default.SessionDetailReply, ct);

    /// <summary>Sends an already-serialized body (the outbox stores records as JSON).</summary>
    public Task<ApiResult<UpsertReply>> PostJsonAsync(string path, byte[] body, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, path, body, ContractJson.Default.UpsertReply, ct);

    /// <summary><c>opencode-sync/VERSION</c>: a backend's logs can tell this tool's requests (and its version) apart.</summary>
    internal static readonly ProductInfoHeaderValue UserAgent = new("opencode-sync", Hosting.BuildInfo.InformationalVersion.Split('+')[0]);

    private async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, byte[]? body, JsonTypeInfo<T> replyType, CancellationToken ct)
        where T : class
    {
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(method, BaseUrl + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        request.Headers.UserAgent.Add(UserAgent);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        try
        {
            using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (response.IsSuccessStatusCode)
            {
                return new ApiResult<T>(ApiOutcome.Ok, response.StatusCode, "ok", ParseOrNull(text, replyType), elapsed);
            }

            return new ApiResult<T>(Classify(response.StatusCode), response.StatusCode, ErrorText(text, response), null, elapsed);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Unreachable<T>($"no answer from {BaseUrl} in time (timed out)", started);
        }
        catch (HttpRequestException e)
        {
            return Unreachable<T>($"cannot reach {BaseUrl}: {Innermost(e)}", started);
        }
        catch (Polly.Timeout.TimeoutRejectedException)
        {
            return Unreachable<T>($"no answer from {BaseUrl} in time (timed out)", started);
        }
        catch (Polly.CircuitBreaker.BrokenCircuitException)
        {
            return Unreachable<T>($"{BaseUrl} failed repeatedly; pausing requests for a moment", started);
        }
    }

    private static ApiOutcome Classify(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => ApiOutcome.Unauthorized,
        HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests => ApiOutcome.ServerError,
        >= HttpStatusCode.InternalServerError => ApiOutcome.ServerError,
        _ => ApiOutcome.Rejected,
    };

    private static string ErrorText(string body, HttpResponseMessage response)
    {
        try
        {
            if (JsonSerializer.Deserialize(body, ContractJson.Default.ErrorReply)?.Error is { Length: > 0 } error)
            {
                return error;
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): fall back to the status line.
        }

        var reason = response.ReasonPhrase ?? response.StatusCode.ToString();
        return body.Length is > 0 and < 200 && !body.Contains('<', StringComparison.Ordinal) ? $"{reason}: {body.Trim()}" : reason;
    }

    private static T? ParseOrNull<T>(string text, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return text.Length == 0 ? null : JsonSerializer.Deserialize(text, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ApiResult<T> Unreachable<T>(string message, long started)
        where T : class =>
        new(ApiOutcome.Unreachable, null, message, null, Stopwatch.GetElapsedTime(started));

    private static string Innermost(Exception e)
    {
        var sb = new StringBuilder(e.Message.TrimEnd('.'));
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!e.Message.Contains(inner.Message, StringComparison.Ordinal))
            {
                sb.Append(" (").Append(inner.Message.TrimEnd('.')).Append(')');
            }

            e = inner;
        }

        return sb.ToString();
    }
}
