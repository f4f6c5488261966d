namespace Parsimony.Tasks.DentateGyrus;

/// <summary>The input set of the dentate-gyrus model (spec §B.3, check B1): every binary vector of a given length.</summary>
public static class BinaryPatterns
{
    /// <summary>
    /// All 2^<paramref name="bits"/> binary vectors (entries 0 or 1), stably sorted by their number of active bits:
    /// pattern 0 is all zeros, and within one count they keep the order of the binary numbers they spell (first entry most significant).
    /// </summary>
    public static double[][] All(int bits)
    {
        if (bits is < 1 or > 20) throw new ParsimonyException($"Binary patterns need 1 to 20 bits (got {bits}).");
        return Enumerable.Range(0, 1 << bits)
            .OrderBy(n => System.Numerics.BitOperations.PopCount((uint)n))   // OrderBy is stable
            .Select(n => Enumerable.Range(0, bits).Select(b => (double)((n >> (bits - 1 - b)) & 1)).ToArray())
            .ToArray();
    }
}
