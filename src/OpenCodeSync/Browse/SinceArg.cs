using System.Globalization;

namespace OpenCodeSync.Browse;

/// <summary>
/// <c>--since</c>: a date (local midnight, like the days <c>stats</c> groups by), a date and time (local
/// unless it has an offset), <c>today</c>, <c>yesterday</c>, or <c>7d</c>/<c>2w</c> (that many days/weeks
/// before today's local midnight).
/// </summary>
public static class SinceArg
{
    public const string Examples = "e.g. 2026-01-31, 2026-01-31T12:00+01:00, today, yesterday, 7d or 2w";

    /// <summary>The usage error for a value <see cref="Parse"/> refused, worded the same by every command.</summary>
    public static string Invalid(string text) => $"--since '{text}' is not a date ({Examples})";

    /// <summary>Unix milliseconds, or null when <paramref name="text"/> is none of the accepted forms.</summary>
    public static long? Parse(string text, DateTimeOffset now, TimeZoneInfo zone)
    {
        var t = text.Trim().ToLowerInvariant();
        var today = TimeZoneInfo.ConvertTime(now, zone).Date;
        DateTime? localMidnight = t switch
        {
            "today" => today,
            "yesterday" => today.AddDays(-1),
            _ when t.Length > 1 && t[^1] is 'd' or 'w' && int.TryParse(t[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 100_000
                => today.AddDays(-(t[^1] == 'w' ? 7L * n : n)),
            _ when DateTime.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) => d,
            _ => null,
        };
        if (localMidnight is { } midnight)
            return Local(midnight, zone);
        if (!DateTime.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at))
            return null;
        // No offset in the text: a time in the zone in force (tests set TZ), like the bare date above.
        return at.Kind == DateTimeKind.Unspecified ? Local(at, zone) : new DateTimeOffset(at.ToUniversalTime()).ToUnixTimeMilliseconds();
    }

    private static long Local(DateTime local, TimeZoneInfo zone) =>
        new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone.GetUtcOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified))).ToUnixTimeMilliseconds();
}
