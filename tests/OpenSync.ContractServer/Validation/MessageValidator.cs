using System.Text.Json.Nodes;
using OpenSync.ContractServer.Storage;

namespace OpenSync.ContractServer.Validation;

/// <summary>The message argument validators of <c>/sync/message</c> and <c>/sync/batch</c>.</summary>
internal static class MessageValidator
{
    public static readonly string[] Roles = ["user", "assistant", "system", "tool", "unknown"];

    private static readonly ObjectValidator Part = new(
    [
        ("type", ConvexValidator.String, false),
        ("content", ConvexValidator.Any, false),
    ]);

    private static readonly (string, ConvexValidator, bool)[] CommonFields =
    [
        ("sessionExternalId", ConvexValidator.String, false),
        ("externalId", ConvexValidator.String, false),
        ("role", ConvexValidator.Literals(Roles), false),
        ("textContent", ConvexValidator.String, true),
        ("model", ConvexValidator.String, true),
        ("promptTokens", ConvexValidator.Number, true),
        ("completionTokens", ConvexValidator.Number, true),
        ("durationMs", ConvexValidator.Number, true),
        ("source", ConvexValidator.String, true),
        ("parts", ConvexValidator.Array(Part), true),
    ];

    /// <summary>The single route may carry <c>createdAt</c> (the message's own time, kept on insert); the batch may not.</summary>
    public static ObjectValidator SingleRoute { get; } = new([.. CommonFields, ("createdAt", ConvexValidator.Number, true)]);

    public static ObjectValidator BatchItem { get; } = new(CommonFields);

    public static MessageInput ToInput(JsonObject args) => new(
        SessionExternalId: args["sessionExternalId"]!.GetValue<string>(),
        ExternalId: args["externalId"]!.GetValue<string>(),
        Role: args["role"]!.GetValue<string>(),
        TextContent: SessionValidator.Str(args, "textContent"),
        Model: SessionValidator.Str(args, "model"),
        Source: SessionValidator.Str(args, "source"),
        PromptTokens: SessionValidator.Num(args, "promptTokens"),
        CompletionTokens: SessionValidator.Num(args, "completionTokens"),
        DurationMs: SessionValidator.Num(args, "durationMs"),
        Parts: args["parts"] is JsonArray parts
            ? [.. parts.Select(p => new PartInput(p!["type"]!.GetValue<string>(), p["content"]?.DeepClone()))]
            : null,
        CreatedAt: SessionValidator.Num(args, "createdAt"));
}
