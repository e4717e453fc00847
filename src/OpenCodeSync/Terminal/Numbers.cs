using System.Globalization;

namespace OpenCodeSync.Terminal;

/// <summary>Numbers and times as the tables print them (invariant culture: the same on every machine).</summary>
public static class Numbers
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>12,345 — exact, grouped.</summary>
    public static string Count(long n) => n.ToString("#,0", Inv);

    /// <summary>1.2k, 3.4M — for narrow columns.</summary>
    public static string Short(long n) => n switch
    {
        < 1_000 => n.ToString(Inv),
        < 999_950 => (n / 1_000.0).ToString("0.#", Inv) + "k",
        < 999_950_000 => (n / 1_000_000.0).ToString("0.#", Inv) + "M",
        _ => (n / 1_000_000_000.0).ToString("0.#", Inv) + "G",
    };

    /// <summary>$0.0123 under a dollar, $12.34 above: small per-turn costs stay visible.</summary>
    public static string Cost(double usd) => usd switch
    {
        0 => "$0",
        < 1 => "$" + usd.ToString("0.0000", Inv),
        _ => "$" + usd.ToString("#,0.00", Inv),
    };

    public static string Percent(long part, long whole) =>
        whole <= 0 ? "-" : (100.0 * part / whole).ToString("0.0", Inv) + "%";

    /// <summary>Unix milliseconds as local "yyyy-MM-dd HH:mm", or "-".</summary>
    public static string LocalTime(long? ms, TimeZoneInfo zone, string format = "yyyy-MM-dd HH:mm") =>
        ms is { } v ? TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(v), zone).ToString(format, Inv) : "-";

    /// <summary>1h 2m, 3m 4s, 5.6s.</summary>
    public static string Duration(long? ms) => ms switch
    {
        null or < 0 => "-",
        < 60_000 => (ms.Value / 1000.0).ToString("0.#", Inv) + "s",
        < 3_600_000 => $"{ms.Value / 60_000}m {ms.Value / 1000 % 60}s",
        _ => $"{ms.Value / 3_600_000}h {ms.Value / 60_000 % 60}m",
    };
}
