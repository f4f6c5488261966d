using static TorchSharp.torch;

namespace Parsimony.Information.Losses;

/// <summary>Which self-supervised information objective to minimise (spec ssi.md §3).</summary>
public enum InformationObjective
{
    /// <summary>−max|λ| of the batch-mean, symmetrised J_spike (the SSI loss).</summary>
    EigenI,
    /// <summary>−max|λ| of the batch-mean, symmetrised J_sec.</summary>
    EigenISec,
    /// <summary>−½ · mean over batch and all N² entries of J_spike.</summary>
    I,
    /// <summary>−½ · mean over batch and all N² entries of J_sec.</summary>
    ISec,
    /// <summary>−Σ over batch and neurons of the Skaggs bits/spike (the single-neuron baseline).</summary>
    Skaggs,
}

/// <summary>
/// The stimulus-information measures as differentiable TorchSharp expressions, batched, in the authors' convention
/// (<see cref="InfoConvention.Reference"/>: eps = 1e-10 inside square roots, logarithms and denominators), so they can
/// be trained on: rates [B, K, N] (batch, stimulus bins or time steps, cells) with bin probabilities p [K] (uniform when
/// null). They agree with the float64 core (<see cref="StimulusInformationMatrix"/> with the reference convention);
/// constant cells use the same deterministic rule (r := 0 with other cells, 1 with themselves).
/// </summary>
public static class InformationLosses
{
    const double Eps = 1e-10;

    /// <summary>J_sec and J_spike [B, N, N] for every pair, the diagonal by the same formula with r = 1.</summary>
    public static (Tensor BitsPerSecond, Tensor BitsPerSpike) PairMatrix(Tensor rates, Tensor? p = null)
    {
        if (rates.dim() != 3) throw new ParsimonyException($"rates must be [batch, bins, cells]; got {rates.dim()} dimensions.");
        long k = rates.shape[1];
        p ??= full(k, 1.0 / k, dtype: rates.dtype, device: rates.device);
        var pk = p.view(1, k, 1, 1);
        var mean = (rates * p.view(1, k, 1)).sum(1);                                   // [B, N]
        var r = Correlation(rates);                                                        // [B, N, N]
        var li = rates.unsqueeze(3);                                                       // λ_i [B, K, N, 1]
        var lj = rates.unsqueeze(2);                                                       // λ_j [B, K, 1, N]
        var g = (li * lj + Eps).sqrt();                                                    // [B, K, N, N]
        var gMean = (g * pk).sum(1);                                                       // [B, N, N]
        var rg = r.unsqueeze(1) * g;
        var uaMean = (mean.unsqueeze(2) - r * gMean + Eps).unsqueeze(1);
        var ubMean = (mean.unsqueeze(1) - r * gMean + Eps).unsqueeze(1);
        var ua = li - rg;
        var ub = lj - rg;
        var terms = rg * LogTerm(g / gMean.unsqueeze(1)) + ua * LogTerm(ua / uaMean) + ub * LogTerm(ub / ubMean);
        var sec = (terms * pk).sum(1);
        var alpha = (mean.unsqueeze(2) + mean.unsqueeze(1)) / 2;
        var zero = alpha == 0;
        return (sec, where(zero, sec, sec / where(zero, ones_like(alpha), alpha)));
    }

    /// <summary>Skaggs bits/spike [B, N] per cell (ReLU on rates, mean floored at 1e-10).</summary>
    public static Tensor SkaggsBitsPerSpike(Tensor rates, Tensor? p = null)
    {
        long k = rates.shape[1];
        p ??= full(k, 1.0 / k, dtype: rates.dtype, device: rates.device);
        var pk = p.view(1, k, 1);
        var lambda = rates.relu();
        var mean = (lambda * pk).sum(1, keepdim: true);
        var positive = lambda > 0;
        var safe = where(positive, lambda, ones_like(lambda));
        var bits = (where(positive, lambda * (safe / mean + Eps).log2(), zeros_like(lambda)) * pk).sum(1);
        var m = mean.squeeze(1);
        return bits / where(m.abs() <= Eps, full_like(m, Eps), m);
    }

    /// <summary>The loss of <paramref name="objective"/> for rates [B, K, N] (a scalar with gradients).</summary>
    public static Tensor Loss(InformationObjective objective, Tensor rates, Tensor? p = null)
    {
        if (objective == InformationObjective.Skaggs) return -SkaggsBitsPerSpike(rates, p).sum();
        var (sec, spike) = PairMatrix(rates, p);
        var j = objective is InformationObjective.EigenISec or InformationObjective.ISec ? sec : spike;
        if (objective is InformationObjective.I or InformationObjective.ISec) return -0.5 * j.mean();
        var m = j.mean([0]);
        var eigenvalues = linalg.eigvalsh(0.5 * (m + m.t()));
        return -eigenvalues.abs().max();
    }

    /// <summary>Unweighted Pearson r over bins [B, N, N]; constant cells get 0 with others and 1 with themselves.</summary>
    static Tensor Correlation(Tensor rates)
    {
        long k = rates.shape[1], n = rates.shape[2];
        var average = rates.mean([1], keepdim: true);
        var z = rates - average;
        var norm = linalg.vector_norm(z, 2, [1], true);
        var constant = norm <= 1e-12 * average.abs().clamp_min(1) * Math.Sqrt(k);           // [B, 1, N]
        z = z / where(constant, ones_like(norm), norm);
        var r = z.transpose(1, 2).matmul(z).clamp(-1, 1);
        var either = constant.transpose(1, 2) | constant;                                 // [B, N, N]
        r = where(either, zeros_like(r), r);
        var eye = TorchSharp.torch.eye(n, dtype: ScalarType.Bool, device: rates.device).unsqueeze(0);
        return where(eye, ones_like(r), r);
    }

    /// <summary>log2(ratio + eps) where ratio &gt; 0, else 0 (gradients stay finite on the unused branch).</summary>
    static Tensor LogTerm(Tensor ratio)
    {
        var positive = ratio > 0;
        return where(positive, (where(positive, ratio, ones_like(ratio)) + Eps).log2(), zeros_like(ratio));
    }
}
