using System.Text.Json;
using System.Text.Json.Nodes;
using OpenSync.ContractServer.Json;

namespace OpenSync.ContractServer.Validation;

/// <summary>
/// A small model of Convex's <c>v.*</c> argument validators, strict in the same ways: extra object
/// fields fail, <c>null</c> never satisfies <c>v.optional(...)</c>, numbers are never strings.
/// </summary>
internal abstract class ConvexValidator
{
    public abstract string Describe();

    /// <summary>Throws <see cref="ContractException"/> with a Convex-shaped message on mismatch.</summary>
    public abstract void Check(JsonNode? value, string path);

    protected ContractException Mismatch(JsonNode? value, string path) => new(
        "ArgumentValidationError: Value does not match validator.\n" +
        $"Path: {PathText(path)}\nValue: {Show(value)}\nValidator: {Describe()}");

    internal static string PathText(string path) => path.Length == 0 ? "." : path;

    internal static string Show(JsonNode? value)
    {
        var text = JsonText.Stringify(value);
        return text.Length > 200 ? text[..200] + "..." : text;
    }

    public static ConvexValidator String { get; } = new KindValidator("v.string()", JsonValueKind.String);
    public static ConvexValidator Number { get; } = new KindValidator("v.float64()", JsonValueKind.Number);
    public static ConvexValidator Any { get; } = new AnyValidator();
    public static ConvexValidator Literals(params string[] values) => new LiteralUnionValidator(values);
    public static ConvexValidator Array(ConvexValidator item) => new ArrayValidator(item);

    private sealed class KindValidator(string description, JsonValueKind kind) : ConvexValidator
    {
        public override string Describe() => description;

        public override void Check(JsonNode? value, string path)
        {
            if (value is not JsonValue || value.GetValueKind() != kind) throw Mismatch(value, path);
        }
    }

    private sealed class AnyValidator : ConvexValidator
    {
        public override string Describe() => "v.any()";

        public override void Check(JsonNode? value, string path) { }
    }

    private sealed class LiteralUnionValidator(string[] values) : ConvexValidator
    {
        public override string Describe() =>
            "v.union(" + string.Join(", ", values.Select(v => $"v.literal(\"{v}\")")) + ")";

        public override void Check(JsonNode? value, string path)
        {
            if (value is not JsonValue || value.GetValueKind() != JsonValueKind.String
                || !values.Contains(value.GetValue<string>(), StringComparer.Ordinal))
                throw Mismatch(value, path);
        }
    }

    private sealed class ArrayValidator(ConvexValidator item) : ConvexValidator
    {
        public override string Describe() => $"v.array({item.Describe()})";

        public override void Check(JsonNode? value, string path)
        {
            if (value is not JsonArray array) throw Mismatch(value, path);
            for (var i = 0; i < array.Count; i++) item.Check(array[i], $"{path}[{i}]");
        }
    }
}

/// <summary><c>v.object({...})</c>: every required field present, no extra field, no nulls for optionals.</summary>
internal sealed class ObjectValidator(IReadOnlyList<(string Name, ConvexValidator Validator, bool Optional)> fields)
    : ConvexValidator
{
    public IEnumerable<string> FieldNames => fields.Select(f => f.Name);

    public override string Describe() =>
        "v.object({" + string.Join(", ", fields.Select(f =>
            f.Optional ? $"{f.Name}: v.optional({f.Validator.Describe()})" : $"{f.Name}: {f.Validator.Describe()}")) + "})";

    public override void Check(JsonNode? value, string path)
    {
        if (value is not JsonObject obj) throw Mismatch(value, path);
        foreach (var (name, _) in obj)
        {
            if (!fields.Any(f => f.Name == name))
                throw new ContractException(
                    $"ArgumentValidationError: Object contains extra field `{name}` that is not in the validator.\n" +
                    $"Path: {PathText(path)}\nObject: {Show(obj)}\nValidator: {Describe()}");
        }
        foreach (var (name, validator, optional) in fields)
        {
            if (!obj.TryGetPropertyValue(name, out var fieldValue))
            {
                if (optional) continue;
                throw new ContractException(
                    $"ArgumentValidationError: Object is missing the required field `{name}`. Consider wrapping " +
                    "the field validator in `v.optional(...)` if this is expected.\n" +
                    $"Path: {PathText(path)}\nObject: {Show(obj)}\nValidator: {Describe()}");
            }
            // v.any() accepts null as a value; every other validator here rejects it, optional or not.
            validator.Check(fieldValue, $"{path}.{name}");
        }
    }
}
