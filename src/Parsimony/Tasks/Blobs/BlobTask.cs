namespace Parsimony.Tasks.Blobs;

/// <summary>
/// The "Gaussian blobs" context task of Flesch et al. (Neuron 2022; spec neuro_models.md §D.1): 25 stimuli (b, l) with
/// b, l ∈ linspace(0.2, 0.8, 5), each a 5 × 5 grid (points linspace(0, 1, 5)) of an isotropic Gaussian of variance 0.08
/// centred at (b, l), divided by its maximum; two contexts, one-hot. Items are ordered north 0–24 then south 25–49, the
/// outer loop over b and the inner over l (item = 25·context + 5·b + l). The 50 × 25 stimulus matrix and the 50 × 2
/// context matrix are each divided by their Frobenius norm. The target is −reward with reward ∈ linspace(−2, 2, 5) of
/// the l index in the north context and of the b index in the south (the code's sign flip).
/// </summary>
public sealed class BlobTask
{
    /// <summary>Levels per feature.</summary>
    public const int Levels = 5;
    /// <summary>Distinct stimuli (b, l).</summary>
    public const int Stimuli = Levels * Levels;
    /// <summary>Contexts (north: reward by leafiness l; south: by branchiness b).</summary>
    public const int Contexts = 2;
    /// <summary>Training items (stimulus × context).</summary>
    public const int Items = Stimuli * Contexts;
    /// <summary>Stimulus inputs (the 5 × 5 grid, flattened with the b axis outer).</summary>
    public const int StimulusInputs = Levels * Levels;
    /// <summary>Variance of the Gaussian blob.</summary>
    public const double Variance = 0.08;

    /// <summary>The normalised stimulus input of stimulus s = 5·b + l, row-major 25 × 25 (the same in both contexts).</summary>
    public double[] StimulusMatrix { get; }

    /// <summary>The value of the active context input of every item (1/√50 after the Frobenius normalisation).</summary>
    public double ContextValue { get; } = 1 / Math.Sqrt(Items);

    /// <summary>Targets of the 50 items.</summary>
    public double[] Targets { get; }

    /// <summary>Builds the task.</summary>
    public BlobTask()
    {
        var centres = Linspace(0.2, 0.8, Levels);
        var grid = Linspace(0, 1, Levels);
        var raw = new double[Stimuli * StimulusInputs];
        for (int b = 0; b < Levels; b++)
            for (int l = 0; l < Levels; l++)
            {
                var row = raw.AsSpan((b * Levels + l) * StimulusInputs, StimulusInputs);
                double max = 0;
                for (int gx = 0; gx < Levels; gx++)
                    for (int gy = 0; gy < Levels; gy++)
                    {
                        double dx = grid[gx] - centres[b], dy = grid[gy] - centres[l];
                        double v = Math.Exp(-(dx * dx + dy * dy) / (2 * Variance));   // the pdf up to its constant, which the max removes
                        row[gx * Levels + gy] = v;
                        max = Math.Max(max, v);
                    }
                foreach (ref var v in row) v /= max;
            }
        double frobenius = Math.Sqrt(Contexts * raw.Sum(v => v * v));   // the 25 × 50 matrix holds every stimulus twice
        StimulusMatrix = raw.Select(v => v / frobenius).ToArray();
        var reward = Linspace(-2, 2, Levels);
        Targets = new double[Items];
        for (int i = 0; i < Items; i++) Targets[i] = -reward[RelevantLevel(i)];
    }

    /// <summary>The context of item <paramref name="item"/> (0 north, 1 south).</summary>
    public static int ContextOf(int item) => item / Stimuli;
    /// <summary>The stimulus (5·b + l) of item <paramref name="item"/>.</summary>
    public static int StimulusOf(int item) => item % Stimuli;
    /// <summary>The branchiness level b of item <paramref name="item"/>.</summary>
    public static int BranchOf(int item) => StimulusOf(item) / Levels;
    /// <summary>The leafiness level l of item <paramref name="item"/>.</summary>
    public static int LeafOf(int item) => StimulusOf(item) % Levels;
    /// <summary>The level the item's context rewards: l in the north, b in the south.</summary>
    public static int RelevantLevel(int item) => ContextOf(item) == 0 ? LeafOf(item) : BranchOf(item);
    /// <summary>The level the item's context ignores.</summary>
    public static int IrrelevantLevel(int item) => ContextOf(item) == 0 ? BranchOf(item) : LeafOf(item);

    /// <summary>Whether both features are informative and call for the same response (both above or both below the middle level).</summary>
    public static bool Congruent(int item) => (LeafOf(item) - 2) * (BranchOf(item) - 2) > 0;
    /// <summary>Whether both features are informative and call for opposite responses.</summary>
    public static bool Incongruent(int item) => (LeafOf(item) - 2) * (BranchOf(item) - 2) < 0;

    /// <summary>The full input matrix, 50 items × 27 (25 stimulus inputs, then the 2 context inputs), row-major.</summary>
    public double[] InputMatrix()
    {
        const int width = StimulusInputs + Contexts;
        var x = new double[Items * width];
        for (int i = 0; i < Items; i++)
        {
            StimulusMatrix.AsSpan(StimulusOf(i) * StimulusInputs, StimulusInputs).CopyTo(x.AsSpan(i * width));
            x[i * width + StimulusInputs + ContextOf(i)] = ContextValue;
        }
        return x;
    }

    static double[] Linspace(double a, double b, int n) => Enumerable.Range(0, n).Select(i => a + (b - a) * i / (n - 1)).ToArray();
}
