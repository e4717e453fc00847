using System.Text;
using System.Text.Json;
using OpenCodeSync.Json;
using OpenCodeSync.Sync;
using OpenCodeSync.OpenSync;

namespace OpenCodeSync.Tests.Support;

/// <summary>Runs lines through the fold and renders everything the fold would send, for comparisons.</summary>
public static class Folding
{
    public static SessionFold Fold(IEnumerable<byte[]> lines)
    {
        var fold = new SessionFold();
        foreach (var line in lines)
            fold.Apply(line);
        return fold;
    }

    public static SessionFold Fold(IEnumerable<string> lines) => Fold(lines.Select(Encoding.UTF8.GetBytes));

    /// <summary>Every session record, message record and completeness flag, one per line.</summary>
    public static string Render(SessionFold fold, RecordOptions? options = null)
    {
        var sb = new StringBuilder();
        foreach (var id in fold.Store.SessionIds)
        {
            var snap = fold.Snapshot(id);
            sb.AppendLine(JsonSerializer.Serialize(RecordBuilder.BuildSession(snap), ContractJson.Default.SessionRecord));
            foreach (var m in snap.Messages)
            {
                var complete = RecordBuilder.IsComplete(snap, m) ? "complete" : "incomplete";
                sb.Append(complete).Append(' ')
                  .AppendLine(JsonSerializer.Serialize(RecordBuilder.BuildMessage(snap, m, options), ContractJson.Default.MessageRecord));
            }
        }
        return sb.ToString();
    }

    public static List<T> Shuffled<T>(IReadOnlyList<T> items, int seed)
    {
        var list = items.ToList();
        var rng = new Random(seed);
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }
}
