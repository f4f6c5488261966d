namespace Parsimony.Experiments.RichLazy;

/// <summary>Accuracy after silencing one category of hidden units (spec §D.3), on each task and on (in)congruent items.</summary>
/// <param name="Mask">none, mixed, only-a, only-b or task-specific (only-A and only-B together).</param>
/// <param name="TaskA">Accuracy on the informative north items.</param>
/// <param name="TaskB">Accuracy on the informative south items.</param>
/// <param name="Congruent">Accuracy on the congruent items (both features call for the same response).</param>
/// <param name="Incongruent">Accuracy on the incongruent items.</param>
public sealed record Ablation(string Mask, double TaskA, double TaskB, double Congruent, double Incongruent);

/// <summary>
/// Everything measured on one trained network of the sweep (one chunk of the run), as it is logged to
/// <c>metrics.jsonl</c>: its learning curves, weight changes, unit categories, dimensionality, RSA betas, context-weight
/// correlations, ablations, the movement of its empirical tangent kernel and (for run 0) the 2-D principal-component geometry of its 50 hidden representations.
/// </summary>
public sealed record NetworkResult
{
    /// <summary>scale (the initial-scale sweep) or l2 (the L2 variant).</summary>
    public string Kind { get; init; } = "";
    /// <summary>Index of the scale pair or of the λ value.</summary>
    public int Group { get; init; }
    /// <summary>Run number within the group.</summary>
    public int Run { get; init; }
    /// <summary>σ_s.</summary>
    public double StimulusStd { get; init; }
    /// <summary>σ_c.</summary>
    public double ContextStd { get; init; }
    /// <summary>λ.</summary>
    public double L2 { get; init; }
    /// <summary>Loss at each logged step.</summary>
    public double[] Loss { get; init; } = [];
    /// <summary>Accuracy at each logged step.</summary>
    public double[] Accuracy { get; init; } = [];
    /// <summary>Relative norm change of W_hs at each logged step.</summary>
    public double[] StimulusChange { get; init; } = [];
    /// <summary>Relative norm change of W_hc at each logged step.</summary>
    public double[] ContextChange { get; init; } = [];
    /// <summary>Relative norm change of W_yh at each logged step.</summary>
    public double[] OutputChange { get; init; } = [];
    /// <summary>First step with every informative item correct, or null.</summary>
    public int? ConvergedAt { get; init; }
    /// <summary>‖W_hs‖, ‖W_hc‖, ‖W_yh‖ before training.</summary>
    public double[] InitialNorms { get; init; } = [];
    /// <summary>The same after training.</summary>
    public double[] FinalNorms { get; init; } = [];
    /// <summary>Units silent in both contexts.</summary>
    public int Dead { get; init; }
    /// <summary>Units silent in both contexts at initialisation.</summary>
    public int DeadAtInit { get; init; }
    /// <summary>Units silent in both contexts when the south mean skips the last item, as the authors' code does (items 25:-1).</summary>
    public int DeadWithoutLastItem { get; init; }
    /// <summary>Units active (mean over the context's items &gt; 0) in the north context only.</summary>
    public int OnlyA { get; init; }
    /// <summary>Units active in the south context only.</summary>
    public int OnlyB { get; init; }
    /// <summary>Units active in both.</summary>
    public int Mixed { get; init; }
    /// <summary>x_A · x_B of the per-context mean hidden vectors.</summary>
    public double Orthogonality { get; init; }
    /// <summary>Normalised eigenvalues of the hidden matrix (first ten).</summary>
    public double[] Scree { get; init; } = [];
    /// <summary>Accuracy of the rank-k hidden matrix read out by the trained output layer, k = 1…10.</summary>
    public double[] TopKAccuracy { get; init; } = [];
    /// <summary>RSA betas of the grid, orthogonal and parallel models.</summary>
    public double[] Betas { get; init; } = [];
    /// <summary>Correlation of the two context weights across task-specific units before and after training, then across mixed units.</summary>
    public double[] ContextCorrelation { get; init; } = [];
    /// <summary>Ablations: none, mixed, only-a, only-b, task-specific.</summary>
    public Ablation[] Ablations { get; init; } = [];
    /// <summary>Kernel distance 1 − ⟨Θ_0, Θ_T⟩_F / (‖Θ_0‖_F ‖Θ_T‖_F) of the empirical tangent kernel after training from the one at initialisation.</summary>
    public double KernelDistance { get; init; }
    /// <summary>‖Θ_T − Θ_0‖_F / ‖Θ_0‖_F.</summary>
    public double KernelChange { get; init; }
    /// <summary>Kernel–target alignment yᵀ Θ y / (‖Θ‖_F ‖y‖²) at initialisation and after training.</summary>
    public double[] KernelAlignment { get; init; } = [];
    /// <summary>
    /// Loss at each logged step predicted by the tangent kernel at initialisation (the network linearised around its
    /// initial parameters, gradient flow: <see cref="Parsimony.Analysis.LinearisedDescent"/>); empty for the L2 variant, which it does not model.
    /// </summary>
    public double[] KernelLoss { get; init; } = [];
    /// <summary>First two principal-component scores of the 50 hidden vectors (items × 2), for run 0; null otherwise.</summary>
    public double[]? Geometry { get; init; }
}
