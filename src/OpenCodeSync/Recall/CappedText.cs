using System.Text;

namespace OpenCodeSync.Recall;

/// <summary>Text that stops growing at its cap: whole blocks are added while they fit, the rest is counted.</summary>
public sealed class CappedText(int cap)
{
    private readonly StringBuilder _sb = new();

    public int Length => _sb.Length;

    public int Room => cap - _sb.Length;

    /// <summary>Adds <paramref name="block"/> when it fits whole; false (nothing added) otherwise.</summary>
    public bool TryAdd(string block)
    {
        if (_sb.Length + block.Length > cap)
            return false;
        _sb.Append(block);
        return true;
    }

    /// <summary>Adds as much of <paramref name="block"/> as fits, cut at a line or word end, marking the cut.</summary>
    public bool AddCut(string block, string mark = " …")
    {
        if (TryAdd(block))
            return true;
        var room = Room - mark.Length - 1;
        if (room <= 0)
            return false;
        var cut = block[..room];
        var end = Math.Max(cut.LastIndexOf('\n'), cut.LastIndexOf(' '));
        _sb.Append(end > room / 2 ? cut[..end] : cut).Append(mark).Append('\n');
        return false;
    }

    public override string ToString() => _sb.ToString();
}
