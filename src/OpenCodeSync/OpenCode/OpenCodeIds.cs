using System.Globalization;

namespace OpenCodeSync.OpenCode;

/// <summary>
/// OpenCode's ascending ids (<c>evt_</c>, <c>msg_</c>, <c>prt_</c>) start with 12 hex digits of
/// <c>(epoch ms × 4096 + counter) mod 2^48</c>, so two ids — or an id and a millisecond time — can be put
/// in time order without a clock. (Session ids are descending and not usable this way.)
/// </summary>
public static class OpenCodeIds
{
    private const long Mask48 = (1L << 48) - 1;

    /// <summary>The time key of an ascending id, or null when the id does not have that shape.</summary>
    public static long? TimeKey(string? id)
    {
        if (id is null)
            return null;
        var underscore = id.IndexOf('_', StringComparison.Ordinal);
        if (underscore < 0 || id.Length < underscore + 1 + 12)
            return null;
        return long.TryParse(id.AsSpan(underscore + 1, 12), NumberStyles.AllowHexSpecifier,
            CultureInfo.InvariantCulture, out var key) ? key : null;
    }

    /// <summary>The time key an id minted at <paramref name="epochMs"/> would carry, with counter 0.</summary>
    public static long TimeKeyOfMs(long epochMs) => (epochMs << 12) & Mask48;
}
