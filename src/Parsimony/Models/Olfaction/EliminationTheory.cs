namespace Parsimony.Models.Olfaction;

/// <summary>
/// The closed forms of spec neuro_models.md §C.3 for binding elimination at θ = 0⁺, with independent Bernoulli(s)
/// binding, N odorants, a K-odorant mixture and M receptors. A receptor is silent with probability q = (1 − s)^K; an
/// absent odorant survives elimination when none of the silent receptors binds it.
/// </summary>
public static class EliminationTheory
{
    /// <summary>q = (1 − s)^K, the probability that a receptor binds none of the K odorants present.</summary>
    public static double SilentProbability(double breadth, int mixture) => Math.Pow(1 - breadth, mixture);

    /// <summary>The elimination power s(1 − s)^K of one receptor: the probability that it is silent and binds a given absent odorant.</summary>
    public static double EliminationPower(double breadth, int mixture) => breadth * SilentProbability(breadth, mixture);

    /// <summary>s* = 1/(K + 1), the breadth that maximises the elimination power.</summary>
    public static double OptimalBreadth(int mixture) => 1.0 / (mixture + 1);

    /// <summary>
    /// The exact expected number of false candidates, (N − K)(1 − s q)^M: given the silent set S, an absent odorant
    /// survives with probability (1 − s)^|S|, and |S| ~ Binomial(M, q) [derived here].
    /// </summary>
    public static double ExpectedFalseCandidates(int odorants, int receptors, double breadth, int mixture) =>
        (odorants - mixture) * Math.Pow(1 - EliminationPower(breadth, mixture), receptors);

    /// <summary>The spec's approximation (N − K) exp(−s M (1 − s)^K) (its small-s q limit; check C2's formula).</summary>
    public static double ApproximateFalseCandidates(int odorants, int receptors, double breadth, int mixture) =>
        (odorants - mixture) * Math.Exp(-receptors * EliminationPower(breadth, mixture));

    /// <summary>The spec's receptor count for ≲ ε false candidates at s*: M = e (K + 1) ln((N − K)/ε).</summary>
    public static double ReceptorsForFalseCandidates(int odorants, int mixture, double epsilon) =>
        Math.E * (mixture + 1) * Math.Log((odorants - mixture) / epsilon);

    /// <summary>
    /// The M at which the exact expected number of false candidates falls to ε at breadth s:
    /// ln((N − K)/ε) / −ln(1 − s q). With ε = ln(1/p) and a Poisson count of false candidates, this is the M at which
    /// elimination leaves no false candidate with probability p.
    /// </summary>
    public static double ReceptorsForExpectedFalse(int odorants, int mixture, double breadth, double epsilon) =>
        Math.Log((odorants - mixture) / epsilon) / -Math.Log(1 - EliminationPower(breadth, mixture));

    /// <summary>The ε of <see cref="ReceptorsForExpectedFalse"/> for "no false candidate with probability <paramref name="level"/>": ln(1/level).</summary>
    public static double CleanEpsilon(double level) => -Math.Log(level);

    /// <summary>
    /// The mean-field solvability bound [derived here]: the smallest M at which the expected candidates K + (N − K)(1 − s q)^M
    /// are no more than the expected active receptors M(1 − q), i.e. the linear system stops being under-determined on average.
    /// </summary>
    public static int ReceptorsForSolvability(int odorants, int mixture, double breadth)
    {
        double q = SilentProbability(breadth, mixture);
        if (q >= 1) return int.MaxValue;
        for (int m = 1; m < 10_000_000; m++)
            if (mixture + ExpectedFalseCandidates(odorants, m, breadth, mixture) <= m * (1 - q)) return m;
        return int.MaxValue;
    }
}
