using System.Globalization;

namespace OpenCodeSync.Sync;

/// <summary>
/// How far along an entity version is. Versions of one entity are totally ordered by this tuple, so
/// keeping the highest one gives the same state whatever order events arrive in. All parts are
/// non-negative; <see cref="Tie"/> is a hash of the JSON so that two different versions never tie.
/// </summary>
/// <remarks>
/// For storage, <see cref="ToKey"/> is an 80-char lowercase-hex string whose ordinal (= SQLite BINARY)
/// order is the tuple order: keep a row's version when <c>new.rank &gt; old.rank</c>.
/// </remarks>
public readonly record struct EntityRank(long Major, long Minor, long Detail, long Size, ulong Tie)
    : IComparable<EntityRank>
{
    /// <summary>Tombstones outrank every live version: OpenCode never reuses an id.</summary>
    public const long RemovedMajor = long.MaxValue;

    public const int KeyLength = 80;

    public bool IsRemoved => Major == RemovedMajor;

    public static EntityRank Removed(ulong tie) => new(RemovedMajor, 0, 0, 0, tie);

    /// <summary>Clamps negative inputs (odd or hostile JSON) so the hex key stays order-preserving.</summary>
    public static EntityRank Of(long major, long minor, long detail, long size, ulong tie) =>
        new(Math.Max(0, major), Math.Max(0, minor), Math.Max(0, detail), Math.Max(0, size), tie);

    public int CompareTo(EntityRank other)
    {
        var c = Major.CompareTo(other.Major);
        if (c == 0) c = Minor.CompareTo(other.Minor);
        if (c == 0) c = Detail.CompareTo(other.Detail);
        if (c == 0) c = Size.CompareTo(other.Size);
        return c != 0 ? c : Tie.CompareTo(other.Tie);
    }

    public static bool operator >(EntityRank a, EntityRank b) => a.CompareTo(b) > 0;

    public static bool operator <(EntityRank a, EntityRank b) => a.CompareTo(b) < 0;

    public static bool operator >=(EntityRank a, EntityRank b) => a.CompareTo(b) >= 0;

    public static bool operator <=(EntityRank a, EntityRank b) => a.CompareTo(b) <= 0;

    public string ToKey() => string.Create(CultureInfo.InvariantCulture, $"{Major:x16}{Minor:x16}{Detail:x16}{Size:x16}{Tie:x16}");

    public static bool TryParseKey(string? key, out EntityRank rank)
    {
        rank = default;
        if (key is not { Length: KeyLength })
            return false;
        Span<long> v = stackalloc long[4];
        for (var i = 0; i < 4; i++)
        {
            if (!long.TryParse(key.AsSpan(i * 16, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out v[i]) || v[i] < 0)
                return false;
        }
        if (!ulong.TryParse(key.AsSpan(64, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var tie))
            return false;
        rank = new EntityRank(v[0], v[1], v[2], v[3], tie);
        return true;
    }

    public override string ToString() => ToKey();
}
