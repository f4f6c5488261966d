namespace Parsimony.Models.Olfaction;

/// <summary>A K-sparse odour: the odorants present (ascending) and their concentrations (in units of the median κ).</summary>
/// <param name="Odorants">The odorants present, ascending.</param>
/// <param name="Concentrations">Their concentrations c &gt; 0, aligned.</param>
public sealed record Odour(int[] Odorants, double[] Concentrations)
{
    /// <summary>
    /// K distinct odorants drawn uniformly from N, each with a log-uniform concentration on [<paramref name="minConcentration"/>,
    /// <paramref name="maxConcentration"/>] (the concentration prior is a modelling choice the talk leaves open).
    /// </summary>
    public static Odour Draw(int odorants, int mixtureSize, double minConcentration, double maxConcentration, Random rng)
    {
        if (mixtureSize > odorants) throw new ArgumentException($"A mixture of {mixtureSize} needs at least as many odorants (got {odorants}).");
        var chosen = new SortedSet<int>();
        while (chosen.Count < mixtureSize) chosen.Add(rng.Next(odorants));
        double logLow = Math.Log(minConcentration), logSpan = Math.Log(maxConcentration) - logLow;
        var ids = chosen.ToArray();
        return new Odour(ids, ids.Select(_ => Math.Exp(logLow + logSpan * rng.NextDouble())).ToArray());
    }

    /// <summary>K, the odorants present.</summary>
    public int Size => Odorants.Length;
}
