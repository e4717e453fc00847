using System.Globalization;
using System.Text;

namespace OpenCodeSync.Limits;

/// <summary>
/// Convex field names must be non-empty printable ASCII and not start with <c>$</c> (or <c>_</c>, reserved
/// for system fields). Tool arguments use arbitrary keys, so offending characters are written as
/// <c>~uXXXX</c>: readable, and distinct keys stay distinct.
/// </summary>
public static class FieldNames
{
    public static bool IsSafe(string key)
    {
        if (key.Length == 0 || key[0] is '$' or '_')
            return false;
        foreach (var c in key)
        {
            if (c is < ' ' or > '~')
                return false;
        }
        return true;
    }

    public static string MakeSafe(string key)
    {
        if (IsSafe(key))
            return key;
        if (key.Length == 0)
            return "~empty";
        var sb = new StringBuilder(key.Length + 8);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c is < ' ' or > '~' || (i == 0 && c is '$' or '_'))
                sb.Append("~u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else
                sb.Append(c);
        }
        return sb.ToString();
    }
}
