using System.Net;

namespace OpenCodeSync.Http;

/// <summary>How a request to the backend ended, in the terms a caller acts on.</summary>
public enum ApiOutcome
{
    Ok,

    /// <summary>401: the key is wrong or revoked. Nothing will work until it is fixed.</summary>
    Unauthorized,

    /// <summary>A 4xx other than 401/408/429: retrying the same request cannot help.</summary>
    Rejected,

    /// <summary>5xx, 408 or 429: the backend may accept the same request later.</summary>
    ServerError,

    /// <summary>No HTTP answer at all: DNS, refused connection, TLS, reset, timeout.</summary>
    Unreachable,
}

public sealed record ApiResult<T>(ApiOutcome Outcome, HttpStatusCode? Status, string Message, T? Value, TimeSpan Elapsed)
    where T : class
{
    public bool IsOk => Outcome == ApiOutcome.Ok;

    /// <summary>One line for a person: what happened, with the server's own words when it sent any.</summary>
    public string Describe() => Status is { } status ? $"HTTP {(int)status}: {Message}" : Message;
}
