using System.Text.Json.Nodes;
using OpenCodeSync.Json;
using OpenCodeSync.OpenSync;

namespace OpenCodeSync.Limits;

/// <summary>
/// Makes a record acceptable to Convex without dropping it: a message that breaks a limit would fail its
/// whole batch, so oversized content is cut here with a visible marker instead.
/// </summary>
public static class ConvexLimits
{
    public const int MaxDocumentBytes = 1 << 20;

    /// <summary>Convex sizes documents in its own encoding and adds system fields; keep a margin below 1 MiB.</summary>
    public const int DocumentBudgetBytes = MaxDocumentBytes - (32 << 10);

    public const int MaxNesting = 16;
    public const int MaxArrayItems = 8192;
    public const int MaxFieldsPerObject = 1024;

    /// <summary>Containers above a part's content: the message object, its parts array, the part object.</summary>
    private const int LevelsAboveContent = 3;

    public static SessionRecord Fit(SessionRecord r) => r with
    {
        ExternalId = Utf16.ReplaceLoneSurrogates(r.ExternalId),
        Title = Fix(r.Title),
        ProjectPath = Fix(r.ProjectPath),
        ProjectName = Fix(r.ProjectName),
        Model = Fix(r.Model),
        Provider = Fix(r.Provider),
        Source = Utf16.ReplaceLoneSurrogates(r.Source),
    };

    public static MessageRecord Fit(MessageRecord r)
    {
        var fitted = r with
        {
            SessionExternalId = Utf16.ReplaceLoneSurrogates(r.SessionExternalId),
            ExternalId = Utf16.ReplaceLoneSurrogates(r.ExternalId),
            Role = Utf16.ReplaceLoneSurrogates(r.Role),
            TextContent = Fix(r.TextContent),
            Model = Fix(r.Model),
            Source = Fix(r.Source),
            Parts = r.Parts is null ? null : FitParts(r.Parts),
        };
        return DocumentSizeFitter.Fit(fitted, DocumentBudgetBytes);
    }

    private static List<PartRecord> FitParts(IReadOnlyList<PartRecord> parts)
    {
        var result = new List<PartRecord>(Math.Min(parts.Count, MaxArrayItems));
        foreach (var p in parts)
        {
            if (result.Count == MaxArrayItems - 1 && parts.Count > MaxArrayItems)
            {
                result.Add(new PartRecord("text", JsonValue.Create($"…[truncated {parts.Count - result.Count} more parts]")));
                break;
            }
            var content = JsonShapeLimiter.Limit(p.Content, MaxNesting - LevelsAboveContent) ?? JsonValue.Create("");
            result.Add(new PartRecord(Utf16.ReplaceLoneSurrogates(p.Type), content));
        }
        return result;
    }

    private static string? Fix(string? s) => s is null ? null : Utf16.ReplaceLoneSurrogates(s);
}
