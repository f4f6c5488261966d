namespace Parsimony.Models.Olfaction;

/// <summary>How a silent receptor rules odorants out (spec neuro_models.md §C.2 step 2; the talk leaves the criterion open).</summary>
public enum EliminationCriterion
{
    /// <summary>A silent receptor rules out every odorant it binds (exact when θ = 0⁺ and there is no noise).</summary>
    Binding,
    /// <summary>A silent receptor rules out an odorant only if that odorant alone, at the smallest concentration considered, would have driven it above θ.</summary>
    Graded,
}

/// <summary>What the decoder does when elimination leaves more candidates than active receptors (the talk's argument needs an over-determined system; it leaves this case open).</summary>
public enum UnderdeterminedPolicy
{
    /// <summary>Report nothing: the decoder solves only what elimination made over-determined (|Cand| ≤ #active, full column rank).</summary>
    Refuse,
    /// <summary>Solve anyway: non-negative least squares often still finds the sparse odour (non-negative compressed sensing).</summary>
    Solve,
}

/// <summary>What the decoder found for one odour.</summary>
/// <param name="Candidates">The odorants that survived elimination, ascending.</param>
/// <param name="ActiveReceptors">Receptors above threshold (the equations of the linear system).</param>
/// <param name="CandidateConcentrations">The non-negative least-squares concentration of each candidate, aligned with <paramref name="Candidates"/>.</param>
/// <param name="Odorants">The odorants reported present (candidates above the cut-off), ascending.</param>
/// <param name="Concentrations">Their estimated concentrations, aligned.</param>
/// <param name="FullRank">Whether the system's columns (the candidates) are linearly independent, i.e. its solution is unique.</param>
public sealed record Decoding(int[] Candidates, int ActiveReceptors, double[] CandidateConcentrations, int[] Odorants, double[] Concentrations, bool FullRank);

/// <summary>
/// Estimation by elimination (Singh, Tchernookov &amp; Balasubramanian, PRE 2021; reconstructed in spec neuro_models.md
/// §C.2, no public code exists): (1) the silent receptors (r ≤ θ) rule out the odorants they bind, which turns the
/// under-determined problem into an over-determined one; (2) each active receptor's output is inverted to its active
/// fraction A_a = F⁻¹(r_a); (3) competitive binding is linear in c once A_a is known,
/// Σ_{i ∈ Cand} (η_ai − A_a) w_ai cᵢ = A_a, and this |Active| × |Cand| system is solved by non-negative least squares;
/// (4) candidates whose concentration exceeds the cut-off are reported. A system left under-determined or rank-deficient is refused (nothing reported) or solved anyway, as <paramref name="Underdetermined"/> says. Silent receptors' inequalities (A_a ≤ F⁻¹(θ))
/// are not used beyond elimination.
/// </summary>
/// <param name="Response">The receptor output model the decoder knows (it inverts F and uses θ).</param>
/// <param name="Criterion">How silent receptors rule odorants out.</param>
/// <param name="MinConcentration">The smallest concentration considered (the graded criterion's test concentration).</param>
/// <param name="Cutoff">Concentrations above this are reported present.</param>
/// <param name="Underdetermined">What to do when the system is not over-determined after elimination.</param>
public sealed record EliminationDecoder(ReceptorResponse Response, EliminationCriterion Criterion, double MinConcentration, double Cutoff,
                                        UnderdeterminedPolicy Underdetermined = UnderdeterminedPolicy.Refuse)
{
    /// <summary>The odorants that survive elimination by the silent receptors of <paramref name="outputs"/>, ascending.</summary>
    public int[] Candidates(SensingMatrix sensing, double[] outputs)
    {
        var eliminated = new bool[sensing.Odorants];
        for (int a = 0; a < sensing.Receptors; a++)
        {
            if (!Response.Silent(outputs[a])) continue;
            var bound = sensing.Bound(a);
            var w = sensing.Affinities(a);
            var eta = sensing.Efficacies(a);
            for (int k = 0; k < bound.Length; k++)
                if (Criterion == EliminationCriterion.Binding || WouldRespond(eta[k], w[k])) eliminated[bound[k]] = true;
        }
        return Enumerable.Range(0, sensing.Odorants).Where(i => !eliminated[i]).ToArray();
    }

    bool WouldRespond(double efficacy, double affinity)
    {
        double x = MinConcentration * affinity;
        return !Response.Silent(Response.Hill(efficacy * x / (1 + x)));
    }

    /// <summary>The system G c = A of step 3: one row per active receptor, one column per candidate; and the active receptors' A.</summary>
    public (double[,] G, double[] A) System(SensingMatrix sensing, double[] outputs, int[] candidates)
    {
        var column = new int[sensing.Odorants];
        Array.Fill(column, -1);
        for (int j = 0; j < candidates.Length; j++) column[candidates[j]] = j;
        var active = Enumerable.Range(0, sensing.Receptors).Where(a => !Response.Silent(outputs[a])).ToArray();
        var g = new double[active.Length, candidates.Length];
        var target = new double[active.Length];
        for (int row = 0; row < active.Length; row++)
        {
            int a = active[row];
            double fraction = Response.InverseHill(outputs[a]);
            target[row] = fraction;
            var bound = sensing.Bound(a);
            var w = sensing.Affinities(a);
            var eta = sensing.Efficacies(a);
            for (int k = 0; k < bound.Length; k++)
                if (column[bound[k]] is var j and >= 0) g[row, j] = (eta[k] - fraction) * w[k];
        }
        return (g, target);
    }

    /// <summary>Decodes the outputs <paramref name="outputs"/> of the receptors of <paramref name="sensing"/>.</summary>
    public Decoding Decode(SensingMatrix sensing, double[] outputs)
    {
        var candidates = Candidates(sensing, outputs);
        var (g, target) = System(sensing, outputs, candidates);
        bool fullRank = candidates.Length <= target.Length &&
                        (candidates.Length == 0 || MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(g).Rank() == candidates.Length);
        var c = fullRank || Underdetermined == UnderdeterminedPolicy.Solve ? Nnls.Solve(g, target) : new double[candidates.Length];
        var reported = Enumerable.Range(0, candidates.Length).Where(j => c[j] > Cutoff).ToArray();
        return new Decoding(candidates, target.Length, c, reported.Select(j => candidates[j]).ToArray(), reported.Select(j => c[j]).ToArray(), fullRank);
    }
}
