using System.Text.RegularExpressions;
using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ArchUnitNET.Fluent.Slices;
using ArchUnitNET.Loader;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace OpenCodeSync.Tests.Architecture;

/// <summary>
/// The folder map of README's Development section, checked on the built assembly (ArchUnitNET reads the IL, so
/// every type reference counts, not only <c>using</c> lines). A folder may use folders of its own layer — as long
/// as no cycle forms — and of the layers below it, never one above.
/// </summary>
public class LayerTests
{
    /// <summary>Bottom to top; keep in step with README's diagram.</summary>
    internal static readonly string[][] Layers =
    [
        ["Hosting", "Json", "Text", "Terminal", "Sqlite"],
        ["OpenCode", "OpenSync", "Limits", "Privacy", "Config", "Sync"],
        ["Journal", "State", "Archive", "History", "Http", "PluginInstall", "Hook"],
        ["Delivery", "Browse", "Pull", "Recall"],
        ["Cli", "Commands"],
    ];

    private static readonly ArchUnitNET.Domain.Architecture Built =
        new ArchLoader().LoadAssemblies(typeof(OpenCodeSync.Json.JsonNodes).Assembly).Build();

    private static IEnumerable<IType> OwnTypes() =>
        Built.Types.Where(t => t.Namespace?.FullName?.StartsWith("OpenCodeSync.", StringComparison.Ordinal) == true);

    private static string FolderOf(IType type) => type.Namespace.FullName.Split('.')[1];

    [Test]
    public async Task Every_folder_has_a_place_in_the_layers()
    {
        var placed = Layers.SelectMany(l => l).ToHashSet(StringComparer.Ordinal);
        var folders = OwnTypes().Select(FolderOf).ToHashSet(StringComparer.Ordinal);

        await Assert.That(folders.Except(placed).Order(StringComparer.Ordinal)).IsEmpty()
            .Because("a new folder needs its line in LayerTests.Layers and in README's layer diagram");
        await Assert.That(placed.Except(folders).Order(StringComparer.Ordinal)).IsEmpty()
            .Because("a layer names a folder that no longer exists");
    }

    [Test]
    public async Task Folders_depend_on_each_other_without_cycles()
    {
        IArchRule rule = SliceRuleDefinition.Slices().Matching("OpenCodeSync.(*)..").Should().BeFreeOfCycles();

        await Assert.That(Violations(rule)).IsEmpty();
    }

    [Test]
    public async Task Each_layer_uses_only_its_own_and_lower_layers()
    {
        var violations = new List<string>();
        for (var i = 0; i < Layers.Length - 1; i++)
        {
            IArchRule rule = Types().That().ResideInNamespaceMatching(Pattern(Layers[i]))
                .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(Pattern(Layers[(i + 1)..].SelectMany(l => l))));
            violations.AddRange(Violations(rule));
        }

        await Assert.That(violations).IsEmpty();
    }

    /// <summary>What a rule reports, one line per offending type, so a failure names the reference to undo.</summary>
    private static List<string> Violations(IArchRule rule) =>
        [.. rule.Evaluate(Built).Where(r => !r.Passed).Select(r => r.Description)];

    private static string Pattern(IEnumerable<string> folders) =>
        $@"^OpenCodeSync\.({string.Join('|', folders.Select(Regex.Escape))})(\..*)?$";
}
