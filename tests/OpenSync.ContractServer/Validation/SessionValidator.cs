using System.Text.Json.Nodes;
using OpenSync.ContractServer.Storage;

namespace OpenSync.ContractServer.Validation;

/// <summary>The session argument validators of <c>/sync/session</c> and <c>/sync/batch</c>.</summary>
internal static class SessionValidator
{
    private static readonly (string, ConvexValidator, bool)[] CommonFields =
    [
        ("externalId", ConvexValidator.String, false),
        ("title", ConvexValidator.String, true),
        ("projectPath", ConvexValidator.String, true),
        ("projectName", ConvexValidator.String, true),
        ("model", ConvexValidator.String, true),
        ("provider", ConvexValidator.String, true),
        ("source", ConvexValidator.String, true),
        ("promptTokens", ConvexValidator.Number, true),
        ("completionTokens", ConvexValidator.Number, true),
        ("cost", ConvexValidator.Number, true),
        ("durationMs", ConvexValidator.Number, true),
    ];

    /// <summary>The single route takes <c>createdAt</c>; <c>sessionId</c> is the claude-code alias.</summary>
    private static readonly ObjectValidator SingleRoute = new(
    [
        .. CommonFields,
        ("sessionId", ConvexValidator.String, true),
        ("createdAt", ConvexValidator.Number, true),
    ]);

    /// <summary>Batch objects go to the mutation as-is, so any extra key (even createdAt) fails the batch.</summary>
    public static ObjectValidator BatchItem { get; } = new(CommonFields);

    /// <summary>Validates a <c>/sync/session</c> body whose external id was already resolved.</summary>
    public static SessionInput ValidateSingle(JsonObject body, JsonNode resolvedId)
    {
        // The route resolves `externalId || sessionId` itself; the resolved value goes in as externalId.
        var args = (JsonObject)body.DeepClone();
        args.Remove("sessionId");
        args["externalId"] = resolvedId.DeepClone();
        foreach (var (name, value) in body)
            if (name == "sessionId") ConvexValidator.String.Check(value, ".sessionId");
        SingleRoute.Check(args, "");
        return ToInput(args);
    }

    public static SessionInput ToInput(JsonObject args) => new(
        ExternalId: args["externalId"]!.GetValue<string>(),
        Title: Str(args, "title"),
        ProjectPath: Str(args, "projectPath"),
        ProjectName: Str(args, "projectName"),
        Model: Str(args, "model"),
        Provider: Str(args, "provider"),
        Source: Str(args, "source"),
        PromptTokens: Num(args, "promptTokens"),
        CompletionTokens: Num(args, "completionTokens"),
        Cost: Num(args, "cost"),
        DurationMs: Num(args, "durationMs"),
        CreatedAt: Num(args, "createdAt"));

    internal static string? Str(JsonObject o, string name) => o[name]?.GetValue<string>();

    internal static double? Num(JsonObject o, string name) => o[name]?.GetValue<double>();
}
