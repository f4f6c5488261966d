using System.Text.Json;
using System.Text.Json.Nodes;
using MathNet.Numerics.LinearAlgebra;
using Parsimony.Models.Olfaction;

namespace Parsimony.Experiments.Olfaction;

/// <summary>
/// The Monte-Carlo statistics of one grid point, summed over its trials (each trial: a new repertoire, a new odour, the
/// responses, the decoding and its score), with what the acceptance checks need: C1's solvable trials and their worst
/// error, and C5's round trip of the competitive-binding linearisation on the true odorants.
/// </summary>
public sealed record PointStatistics
{
    /// <summary>Trials run.</summary>
    public int Trials { get; init; }
    /// <summary>Trials decoded successfully.</summary>
    public int Successes { get; init; }
    /// <summary>Trials whose elimination left exactly the odour (no false candidate, no odorant of the odour ruled out).</summary>
    public int Clean { get; init; }
    /// <summary>Σ false candidates.</summary>
    public double FalseCandidates { get; init; }
    /// <summary>Σ false candidates².</summary>
    public double FalseCandidatesSquared { get; init; }
    /// <summary>Σ |Cand|.</summary>
    public double Candidates { get; init; }
    /// <summary>Σ active receptors.</summary>
    public double ActiveReceptors { get; init; }
    /// <summary>Σ odorants of the odour wrongly eliminated.</summary>
    public double TrueEliminated { get; init; }
    /// <summary>Σ identity precision.</summary>
    public double Precision { get; init; }
    /// <summary>Σ identity recall.</summary>
    public double Recall { get; init; }
    /// <summary>Σ relative concentration error.</summary>
    public double ConcentrationError { get; init; }
    /// <summary>Trials with |Cand| ≤ #active and a full-rank system (C1's condition).</summary>
    public int Solvable { get; init; }
    /// <summary>Solvable trials with inexact identities or a concentration error ≥ 1e-6.</summary>
    public int SolvableFailures { get; init; }
    /// <summary>The largest concentration error of a solvable trial.</summary>
    public double SolvableMaxError { get; init; }
    /// <summary>Trials whose linearisation on the true odorants was testable (at least K active receptors, full rank).</summary>
    public int LinearisationTrials { get; init; }
    /// <summary>The largest relative error of c recovered by the linear system from the noise-free forward outputs (C5).</summary>
    public double LinearisationMaxError { get; init; }

    /// <summary>The statistics as one chunk's JSON.</summary>
    public JsonObject ToJson() => (JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(this, Runs.Json.Options)!;

    /// <summary>The statistics from one chunk's JSON.</summary>
    public static PointStatistics FromJson(JsonObject json) => json.Deserialize<PointStatistics>(Runs.Json.Options)!;

    /// <summary>Runs <paramref name="trials"/> trials of <paramref name="point"/> under <paramref name="config"/> from <paramref name="rng"/>.</summary>
    public static PointStatistics Run(OlfactionConfig config, OlfactionPoint point, int trials, Random rng)
    {
        var repertoire = new ReceptorRepertoire(point.Odorants, point.Receptors, point.Breadth, config.AffinitySpread, config.EfficacyMin);
        var response = config.Response();
        var decoder = config.Decoder();
        int successes = 0, clean = 0, solvable = 0, solvableFailures = 0, linearised = 0;
        double falseSum = 0, falseSquares = 0, candidates = 0, active = 0, trueEliminated = 0, precision = 0, recall = 0, error = 0, solvableMax = 0, linearMax = 0;
        for (int t = 0; t < trials; t++)
        {
            var sensing = SensingMatrix.Draw(repertoire, rng);
            var odour = Odour.Draw(point.Odorants, point.Mixture, config.ConcentrationMin, config.ConcentrationMax, rng);
            var outputs = response.Respond(sensing, odour, rng);
            var decoding = decoder.Decode(sensing, outputs);
            var outcome = DecodingOutcome.Score(odour, decoding, config.Tolerance);
            successes += outcome.Success ? 1 : 0;
            clean += outcome.FalseCandidates == 0 && outcome.TrueEliminated == 0 ? 1 : 0;
            falseSum += outcome.FalseCandidates;
            falseSquares += (double)outcome.FalseCandidates * outcome.FalseCandidates;
            candidates += outcome.Candidates;
            active += outcome.ActiveReceptors;
            trueEliminated += outcome.TrueEliminated;
            precision += outcome.Precision;
            recall += outcome.Recall;
            error += outcome.ConcentrationError;
            if (outcome.Solvable)
            {
                solvable++;
                if (outcome.Recall < 1 || outcome.Precision < 1 || outcome.ConcentrationError >= 1e-6) solvableFailures++;
                solvableMax = Math.Max(solvableMax, outcome.ConcentrationError);
            }
            if (LinearisationError(decoder, sensing, odour) is { } e)
            {
                linearised++;
                linearMax = Math.Max(linearMax, e);
            }
        }
        return new PointStatistics
        {
            Trials = trials, Successes = successes, Clean = clean, FalseCandidates = falseSum, FalseCandidatesSquared = falseSquares,
            Candidates = candidates, ActiveReceptors = active, TrueEliminated = trueEliminated, Precision = precision, Recall = recall,
            ConcentrationError = error, Solvable = solvable, SolvableFailures = solvableFailures, SolvableMaxError = solvableMax,
            LinearisationTrials = linearised, LinearisationMaxError = linearMax,
        };
    }

    /// <summary>
    /// Check C5 on one trial: the noise-free outputs F(A) of the odour, inverted and linearised over the odour's own
    /// odorants, solved by plain least squares; the relative error of the recovered c, or null when the system is not
    /// determined (fewer active receptors than K, or rank-deficient).
    /// </summary>
    public static double? LinearisationError(EliminationDecoder decoder, SensingMatrix sensing, Odour odour)
    {
        var exact = ReceptorResponse.ActiveFractions(sensing, odour).Select(decoder.Response.Hill).ToArray();
        var clean = decoder with { Response = decoder.Response with { Threshold = 0, Noise = 0 } };
        var (g, a) = clean.System(sensing, exact, odour.Odorants);
        if (a.Length < odour.Size) return null;
        var matrix = Matrix<double>.Build.DenseOfArray(g);
        if (matrix.Rank() < odour.Size) return null;
        var c = matrix.QR().Solve(Vector<double>.Build.DenseOfArray(a));
        var truth = Vector<double>.Build.DenseOfArray(odour.Concentrations);
        return (c - truth).L2Norm() / truth.L2Norm();
    }
}
