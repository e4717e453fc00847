using System.Text.Json.Nodes;
using OpenSync.ContractServer.Json;

namespace OpenSync.ContractServer.Validation;

/// <summary>
/// Convex's limits on values and documents. Values (anything passed to a function) are checked for
/// field names, field counts and array lengths; stored documents also for nesting and size; one
/// function execution for what it writes and reads.
/// </summary>
public static class ConvexLimits
{
    public const int MaxDocumentBytes = 1024 * 1024;
    public const int MaxFieldsPerObject = 1024;
    public const int MaxDocumentNesting = 16;
    public const int MaxArrayItems = 8192;
    public const int MaxFieldNameLength = 1024;
    public const int MaxBodyBytes = 20 * 1024 * 1024;
    public const int MaxMutationWriteBytes = 8 * 1024 * 1024;
    public const int MaxQueryDocumentsRead = 32_000;
    public const int MaxQueryBytesRead = 16 * 1024 * 1024;

    /// <summary>Rules every Convex value obeys, wherever it sits.</summary>
    public static void CheckValue(JsonNode? value, string path)
    {
        switch (value)
        {
            case JsonObject obj:
                if (obj.Count > MaxFieldsPerObject)
                    throw new ContractException(
                        $"Error: Object has too many fields ({obj.Count} > maximum number {MaxFieldsPerObject}) at {Where(path)}");
                foreach (var (name, child) in obj)
                {
                    CheckFieldName(name, path);
                    CheckValue(child, $"{path}.{name}");
                }
                break;
            case JsonArray array:
                if (array.Count > MaxArrayItems)
                    throw new ContractException(
                        $"Error: Array length is too long ({array.Count} > maximum length {MaxArrayItems}) at {Where(path)}");
                for (var i = 0; i < array.Count; i++) CheckValue(array[i], $"{path}[{i}]");
                break;
        }
    }

    /// <summary>Rules for a document about to be written; returns its size so a mutation can sum writes.</summary>
    public static int CheckDocument(JsonObject document, string table)
    {
        CheckValue(document, "");
        var nesting = Nesting(document);
        if (nesting > MaxDocumentNesting)
            throw new ContractException(
                $"Error: Document in table \"{table}\" is too nested ({nesting} levels > maximum {MaxDocumentNesting})");
        var size = JsonText.Utf8(document).Length;
        if (size > MaxDocumentBytes)
            throw new ContractException(
                $"Error: Value is too large ({size} bytes > maximum size {MaxDocumentBytes} bytes) for a document in table \"{table}\"");
        return size;
    }

    /// <summary>An object or array counts one level; scalars none; the document itself is level 1.</summary>
    public static int Nesting(JsonNode? value) => value switch
    {
        JsonObject obj => 1 + obj.Select(p => Nesting(p.Value)).DefaultIfEmpty(0).Max(),
        JsonArray array => 1 + array.Select(Nesting).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    private static void CheckFieldName(string name, string path)
    {
        string? problem =
            name.Length == 0 ? "is empty" :
            name.Length > MaxFieldNameLength ? $"is longer than {MaxFieldNameLength} characters" :
            name[0] == '$' ? "starts with a '$', which is reserved" :
            name[0] == '_' ? "starts with a '_', which is reserved for system fields" :
            !name.All(c => c is >= ' ' and <= '~') ? "must only contain non-control ASCII characters" :
            null;
        if (problem is not null)
            throw new ContractException($"Error: Field name \"{name}\" {problem} (in object at {Where(path)})");
    }

    private static string Where(string path) => path.Length == 0 ? "(root)" : path;
}
