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

    /// <summary>
    /// A <c>using</c> line is a dependency to a reader even when the compiler drops it (an unused one is invisible in
    /// the IL): the same rules, on the source.
    /// </summary>
    [Test]
    public async Task Using_lines_point_only_to_the_same_or_a_lower_layer()
    {
        var layerOf = Layers.SelectMany((folders, i) => folders.Select(f => (f, i))).ToDictionary(x => x.f, x => x.i);
        var src = System.IO.Path.Combine(Support.RepoRoot.Path, "src", "OpenCodeSync");
        var edges = new HashSet<(string From, string To)>();
        var upward = new List<string>();
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            var relative = System.IO.Path.GetRelativePath(src, file);
            var from = relative.Split(System.IO.Path.DirectorySeparatorChar)[0];
            if (!layerOf.TryGetValue(from, out var fromLayer))
                continue;
            foreach (Match m in Regex.Matches(File.ReadAllText(file), @"^using OpenCodeSync\.(\w+)", RegexOptions.Multiline))
            {
                var to = m.Groups[1].Value;
                if (to == from || !layerOf.TryGetValue(to, out var toLayer))
                    continue;
                edges.Add((from, to));
                if (toLayer > fromLayer)
                    upward.Add($"{relative} uses {to}");
            }
        }

        await Assert.That(upward).IsEmpty();
        await Assert.That(Cycles(edges)).IsEmpty();
    }

    /// <summary>Folders that reach themselves through the edges.</summary>
    private static List<string> Cycles(HashSet<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        bool Reaches(string from, string target, HashSet<string> seen) =>
            next.TryGetValue(from, out var tos) && tos.Any(t => t == target || (seen.Add(t) && Reaches(t, target, seen)));
        return [.. next.Keys.Where(f => Reaches(f, f, [])).Order(StringComparer.Ordinal)];
    }

    private static string Pattern(IEnumerable<string> folders) =>
        $@"^OpenCodeSync\.({string.Join('|', folders.Select(Regex.Escape))})(\..*)?$";
}
