using System.Text;
using System.Text.Json.Nodes;

namespace OpenCodeSync.Tests.ContractServer;

/// <summary>What came back over the wire: status, raw text, and the JSON if it parsed.</summary>
internal sealed record Reply(int Status, string Text, JsonNode? Json, HttpResponseMessage Response)
{
    public string? Error => Json?["error"]?.GetValue<string>();
}

/// <summary>Raw HTTP against the contract server: bodies are sent as exact text so tests control every byte.</summary>
internal static class Wire
{
    public static Task<Reply> Post(HttpClient client, string path, string json) =>
        Send(client, new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    public static Task<Reply> Get(HttpClient client, string path) => Send(client, new HttpRequestMessage(HttpMethod.Get, path));

    public static async Task<Reply> Send(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            JsonNode? json = null;
            try
            {
                json = text.Length > 0 ? JsonNode.Parse(text) : null;
            }
            catch (System.Text.Json.JsonException)
            {
                // Not every reply is JSON (the router's 404 is plain text).
            }
            return new Reply((int)response.StatusCode, text, json, response);
        }
    }

    /// <summary>The exception a call ends with, or null when it completed.</summary>
    public static async Task<Exception?> Failure(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    public static string Message(string externalId, string session = "ses_1", string parts = """[{"type":"text","content":"hi"}]""") =>
        $$"""{"sessionExternalId":"{{session}}","externalId":"{{externalId}}","role":"assistant","parts":{{parts}}}""";
}
