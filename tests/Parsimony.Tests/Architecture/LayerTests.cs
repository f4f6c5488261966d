using System.Text.RegularExpressions;
using ArchUnitNET.Domain;
using ArchUnitNET.Loader;

namespace Parsimony.Tests.Architecture;

/// <summary>
/// The layers of docs/architecture.md, checked on the compiled assemblies (ArchUnitNET reads the IL, so a dependency
/// inside a method body counts as much as one in a signature): a namespace may use only the namespaces its row allows.
/// </summary>
public class LayerTests
{
    static readonly ArchUnitNET.Domain.Architecture Loaded = new ArchLoader()
        .LoadAssemblies(typeof(Parsimony.Runs.RunFolder).Assembly, typeof(Parsimony.Cli.Cli).Assembly).Build();

    /// <summary>Each layer (a namespace and the namespaces below it) and the toolkit layers it may use, bottom-up.</summary>
    internal static readonly (string Layer, string[] Uses)[] Layers =
    [
        ("Parsimony", []),
        ("Parsimony.Geometry", ["Parsimony"]),
        ("Parsimony.Runs", ["Parsimony"]),
        ("Parsimony.Recordings", ["Parsimony"]),
        ("Parsimony.Information", ["Parsimony"]),
        ("Parsimony.Information.Losses", ["Parsimony", "Parsimony.Information"]),
        ("Parsimony.Regularization", ["Parsimony", "Parsimony.Geometry"]),
        ("Parsimony.Sparsity", ["Parsimony"]),
        ("Parsimony.Spiking", ["Parsimony"]),
        ("Parsimony.Models", ["Parsimony", "Parsimony.Spiking"]),
        ("Parsimony.Tasks", ["Parsimony", "Parsimony.Geometry", "Parsimony.Recordings", "Parsimony.Spiking"]),
        ("Parsimony.Analysis", ["Parsimony", "Parsimony.Recordings", "Parsimony.Information"]),
        ("Parsimony.Training", ["Parsimony", "Parsimony.Runs"]),
        ("Parsimony.Simulation", ["Parsimony", "Parsimony.Runs"]),
        ("Parsimony.Reports", ["Parsimony", "Parsimony.Runs"]),
        ("Parsimony.Experiments", ["Parsimony", "Parsimony.Geometry", "Parsimony.Runs", "Parsimony.Recordings", "Parsimony.Information",
            "Parsimony.Information.Losses", "Parsimony.Regularization", "Parsimony.Sparsity", "Parsimony.Spiking", "Parsimony.Models", "Parsimony.Tasks",
            "Parsimony.Analysis", "Parsimony.Training", "Parsimony.Simulation", "Parsimony.Reports"]),
        ("Parsimony.Sweeps", ["Parsimony", "Parsimony.Runs", "Parsimony.Reports", "Parsimony.Experiments"]),
        ("Parsimony.Cli", ["*"]),
    ];

    /// <summary>The layer of a namespace: the longest layer name it equals or lies below.</summary>
    internal static string? LayerOf(string ns) => Layers.Select(l => l.Layer)
        .Where(l => ns == l || ns.StartsWith(l + ".", StringComparison.Ordinal) && l != "Parsimony")
        .OrderByDescending(l => l.Length).FirstOrDefault() ?? (ns == "Parsimony" ? "Parsimony" : null);

    /// <summary>Every use of a toolkit type from a layer that may not use it, as "A → B (type → type)".</summary>
    internal static List<string> Violations(ArchUnitNET.Domain.Architecture architecture)
    {
        var allowed = Layers.ToDictionary(l => l.Layer, l => l.Uses);
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in architecture.Types)
        {
            if (type.Namespace?.FullName is not { } ns) continue;
            var from = LayerOf(ns);
            if (from is null || allowed[from].Contains("*")) continue;
            foreach (var dependency in type.Dependencies)
            {
                var target = dependency.Target;
                if (target?.Namespace?.FullName is not { } targetNs || !targetNs.StartsWith("Parsimony", StringComparison.Ordinal)) continue;
                var to = LayerOf(targetNs);
                if (to is null || to == from || allowed[from].Contains(to)) continue;
                found.Add($"{from} → {to} ({type.FullName} uses {target.FullName})");
            }
        }
        return [.. found];
    }

    [Fact]
    public void NoLayerUsesALayerItsRowDoesNotAllow()
    {
        var violations = Violations(Loaded);
        Assert.True(violations.Count == 0, "Forbidden dependencies:\n" + string.Join("\n", violations));
    }

    /// <summary>Every <c>using Parsimony.…</c> of a source file that its own namespace's layer may not use.</summary>
    internal static List<string> ImportViolations(string sourceRoot)
    {
        var allowed = Layers.ToDictionary(l => l.Layer, l => l.Uses);
        var found = new List<string>();
        foreach (var file in Directory.GetFiles(sourceRoot, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")))
        {
            var lines = File.ReadAllLines(file);
            var ns = lines.Select(l => Regex.Match(l, @"^namespace\s+([\w.]+)\s*;")).FirstOrDefault(m => m.Success)?.Groups[1].Value;
            if (ns is null || LayerOf(ns) is not { } from || allowed[from].Contains("*")) continue;
            foreach (var line in lines)
            {
                var m = Regex.Match(line, @"^using\s+(?:static\s+)?(Parsimony[\w.]*)\s*;");
                if (!m.Success) continue;
                var imported = m.Groups[1].Value;                     // a namespace, or a type of one (using static)
                var to = LayerOf(imported) ?? LayerOf(imported[..imported.LastIndexOf('.')]);
                if (to is null || to == from || allowed[from].Contains(to)) continue;
                found.Add($"{from} → {to} ({Path.GetFileName(file)}: {line.Trim()})");
            }
        }
        return found;
    }

    [Fact]
    public void NoSourceFileImportsALayerItsRowDoesNotAllow()
    {
        var violations = ImportViolations(Path.Combine(TestPaths.RepoRoot, "src"));
        Assert.True(violations.Count == 0, "Forbidden usings:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void EveryNamespaceBelongsToALayer()
    {
        var orphans = Loaded.Types.Select(t => t.Namespace?.FullName ?? "").Where(ns => ns.StartsWith("Parsimony", StringComparison.Ordinal))
            .Distinct().Where(ns => LayerOf(ns) is null).ToList();
        Assert.True(orphans.Count == 0, "Namespaces without a layer (add them to docs/architecture.md and this table): " + string.Join(", ", orphans));
    }

    [Fact]
    public void TheToolkitNeverWritesToTheConsole()
    {
        var writers = Loaded.Types.Where(t => t.Namespace?.FullName is { } ns && ns.StartsWith("Parsimony", StringComparison.Ordinal) && LayerOf(ns) != "Parsimony.Cli")
            .Where(t => t.Dependencies.Any(d => d.Target?.FullName == "System.Console")).Select(t => t.FullName).ToList();
        Assert.True(writers.Count == 0, "Toolkit types that use System.Console (output belongs to the command line): " + string.Join(", ", writers));
    }

    [Fact]
    public void OnlyRngStreamsSeedsLibtorchsGlobalGenerator()
    {
        var src = Path.Combine(TestPaths.RepoRoot, "src");
        var seeding = Directory.GetFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && File.ReadAllText(f).Contains("manual_seed("))
            .Select(f => Path.GetRelativePath(src, f)).ToList();
        Assert.Equal([Path.Combine("Parsimony", "Core", "RngStreams.cs")], seeding);
    }
}
