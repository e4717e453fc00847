using System.Net;

namespace OpenCodeSync.Config;

/// <summary>
/// Turns what a user pastes into the URL the HTTP actions live on. Convex serves them on the
/// deployment's <c>.convex.site</c> host while the dashboard shows <c>.convex.cloud</c>.
/// </summary>
public static class BackendUrl
{
    private const string CloudSuffix = ".convex.cloud";
    private const string SiteSuffix = ".convex.site";

    public static bool TryNormalize(string? input, out string url, out string error)
    {
        url = "";
        var text = input?.Trim() ?? "";
        if (text.Length == 0)
        {
            error = "the URL is empty; pass your deployment URL, e.g. https://NAME.convex.cloud";
            return false;
        }

        if (!text.Contains("://", StringComparison.Ordinal))
        {
            error = $"'{text}' is not a URL; it must start with https://, e.g. https://NAME.convex.cloud";
            return false;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            error = $"'{text}' is not a valid URL; expected e.g. https://NAME.convex.cloud";
            return false;
        }

        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            error = $"'{uri.Scheme}' URLs are not supported; use https://";
            return false;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri.Host))
        {
            error = $"plain http:// would send your API key unencrypted to {uri.Host}; use https:// (http is allowed only for localhost)";
            return false;
        }

        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            error = "the URL must not contain a user name, query (?…) or fragment (#…)";
            return false;
        }

        var host = uri.IdnHost;
        if (host.EndsWith(CloudSuffix, StringComparison.OrdinalIgnoreCase))
        {
            host = host[..^CloudSuffix.Length] + SiteSuffix;
        }

        var port = uri.IsDefaultPort ? "" : $":{uri.Port}";
        var hostPart = uri.HostNameType == UriHostNameType.IPv6 ? $"[{host.Trim('[', ']')}]" : host;
        url = $"{uri.Scheme}://{hostPart}{port}{uri.AbsolutePath.TrimEnd('/')}";
        error = "";
        return true;
    }

    public static bool IsLoopback(string host)
    {
        var bare = host.Trim('[', ']');
        if (bare.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(bare, out var ip) && IPAddress.IsLoopback(ip);
    }
}
