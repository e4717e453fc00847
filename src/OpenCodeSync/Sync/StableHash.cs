using System.Globalization;
using System.Text;

namespace OpenCodeSync.Sync;

/// <summary>
/// FNV-1a: stable across processes and platforms (unlike <c>string.GetHashCode</c>), no native crypto
/// library to load on the hook's hot path. Not for security — only "did this change".
/// </summary>
public static class StableHash
{
    public static ulong Fnv64(string s) => Fnv64(Encoding.UTF8.GetBytes(s));

    public static ulong Fnv64(ReadOnlySpan<byte> data)
    {
        var h = 0xcbf29ce484222325UL;
        foreach (var b in data)
        {
            h ^= b;
            h *= 0x100000001b3UL;
        }
        return h;
    }

    /// <summary>128-bit FNV-1a as 32 hex chars: long enough that a changed record never looks unchanged.</summary>
    public static string Fnv128Hex(ReadOnlySpan<byte> data)
    {
        var h = new UInt128(0x6c62272e07bb0142UL, 0x62b821756295c58dUL);
        var prime = new UInt128(0x0000000001000000UL, 0x000000000000013bUL);
        foreach (var b in data)
        {
            h ^= b;
            h *= prime;
        }
        return h.ToString("x32", CultureInfo.InvariantCulture);
    }
}
