using System.Text.Json.Serialization;

namespace Parsimony.Runs;

/// <summary>What one metric means: its definition and where it comes from, and its unit.</summary>
/// <param name="Meaning">Definition and provenance, as sentences.</param>
/// <param name="Unit">Unit (empty for counts and ratios without one).</param>
public sealed record Term(string Meaning, string Unit = "");

/// <summary>A family of metric names sharing a prefix (<c>before_lottery_…</c>, <c>sparsity …</c>).</summary>
/// <param name="Prefix">The prefix.</param>
/// <param name="Meaning">What the prefix adds to the rest's meaning; <c>{rest}</c> stands for the rest of the name when it is not itself a metric.</param>
/// <param name="Unit">Unit when the rest is not itself a metric.</param>
public sealed record PrefixTerm(string Prefix, string Meaning, string Unit = "");

/// <summary>
/// The glossary of a run: every metric its summary and metrics log can hold, with its meaning and unit. Jobs give
/// theirs (<see cref="IJob.Glossary"/>); the job runner writes it to <c>glossary.json</c> and the report shows each
/// metric's entry beside its value.
/// </summary>
public sealed class Glossary
{
    /// <summary>Metrics by exact name.</summary>
    [JsonInclude] public Dictionary<string, Term> Terms { get; private set; } = [];

    /// <summary>Families of metrics by prefix, longest first when matching.</summary>
    [JsonInclude] public List<PrefixTerm> Prefixes { get; private set; } = [];

    /// <summary>Adds the metric <paramref name="name"/>.</summary>
    public Glossary Add(string name, string meaning, string unit = "")
    {
        Terms[name] = new Term(meaning, unit);
        return this;
    }

    /// <summary>Adds the family of metrics starting with <paramref name="prefix"/>.</summary>
    public Glossary AddPrefix(string prefix, string meaning, string unit = "")
    {
        Prefixes.RemoveAll(p => p.Prefix == prefix);
        Prefixes.Add(new PrefixTerm(prefix, meaning, unit));
        return this;
    }

    /// <summary>Everything of <paramref name="other"/> added to this one.</summary>
    public Glossary Merge(Glossary other)
    {
        foreach (var (k, v) in other.Terms) Terms[k] = v;
        foreach (var p in other.Prefixes) AddPrefix(p.Prefix, p.Meaning, p.Unit);
        return this;
    }

    /// <summary>The entry of metric <paramref name="name"/>, or null when the glossary has none.</summary>
    public Term? Describe(string name)
    {
        if (Terms.TryGetValue(name, out var term)) return term;
        foreach (var p in Prefixes.Where(p => name.StartsWith(p.Prefix, StringComparison.Ordinal) && name.Length > p.Prefix.Length).OrderByDescending(p => p.Prefix.Length))
        {
            var rest = name[p.Prefix.Length..];
            if (p.Meaning.Contains("{rest}")) return new Term(p.Meaning.Replace("{rest}", rest), p.Unit);
            if (Describe(rest) is { } inner) return new Term($"{p.Meaning} {inner.Meaning}", inner.Unit);
        }
        return null;
    }
}
