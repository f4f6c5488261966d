namespace Parsimony.Analysis;

/// <summary>
/// How good a candidate is for a constrained minimisation: its constraint violation (0 when feasible), then its
/// objective. Deb's rules order them: a smaller violation wins, and between equal violations a smaller objective.
/// </summary>
/// <param name="Violation">How far the candidate is from feasible (≥ 0; 0 is feasible).</param>
/// <param name="Objective">The value to minimise (NaN counts as worse than any number).</param>
public readonly record struct Fitness(double Violation, double Objective) : IComparable<Fitness>
{
    /// <summary>A feasible candidate with objective <paramref name="objective"/>.</summary>
    public static Fitness Feasible(double objective) => new(0, objective);

    /// <inheritdoc/>
    public int CompareTo(Fitness other)
    {
        int byViolation = Violation.CompareTo(other.Violation);
        if (byViolation != 0) return byViolation;
        if (double.IsNaN(Objective) || double.IsNaN(other.Objective)) return double.IsNaN(Objective).CompareTo(double.IsNaN(other.Objective));
        return Objective.CompareTo(other.Objective);
    }
}

/// <summary>One generation of a <see cref="DifferentialEvolution"/> search: the best candidate so far.</summary>
/// <param name="Generation">0 for the initial population, then 1, 2, ….</param>
/// <param name="Evaluations">Candidates evaluated so far.</param>
/// <param name="Best">The best candidate so far.</param>
/// <param name="BestFitness">Its fitness.</param>
/// <param name="MedianObjective">The population's median objective (of its feasible members; NaN when none is).</param>
public sealed record GenerationRecord(int Generation, int Evaluations, double[] Best, Fitness BestFitness, double MedianObjective);

/// <summary>
/// Differential evolution (Storn &amp; Price 1997, DE/rand/1/bin) over a box, with Deb's feasibility rules: a
/// population of candidates drawn uniformly in the box; each generation every member i gets a trial vector
/// v = x_a + F (x_b − x_c) (a, b, c distinct, ≠ i) crossed over with x_i component-wise with probability CR (one
/// component always from v), and the trial replaces x_i when it is not worse. A component that leaves the box is put
/// halfway between the parent's value and the bound it crossed, so every candidate evaluated lies in the box.
/// The whole population is evaluated at once (the caller may evaluate it in parallel); with a deterministic
/// evaluation, the same seed gives the same search bit for bit.
/// </summary>
public sealed class DifferentialEvolution
{
    readonly double[] lower, upper;

    /// <summary>Members of the population (≥ 4).</summary>
    public int Population { get; }

    /// <summary>The differential weight F.</summary>
    public double F { get; }

    /// <summary>The crossover probability CR.</summary>
    public double Crossover { get; }

    /// <summary>A search over the box [<paramref name="lower"/>, <paramref name="upper"/>].</summary>
    public DifferentialEvolution(double[] lower, double[] upper, int population, double f = 0.7, double crossover = 0.9)
    {
        if (lower.Length == 0 || lower.Length != upper.Length) throw new ArgumentException("The bounds need one or more dimensions, as many lower as upper.");
        for (int d = 0; d < lower.Length; d++)
            if (!(lower[d] <= upper[d]) || !double.IsFinite(lower[d]) || !double.IsFinite(upper[d]))
                throw new ArgumentException($"Dimension {d}: the bounds [{lower[d]}, {upper[d]}] are not a finite interval.");
        if (population < 4) throw new ArgumentException($"Differential evolution needs at least 4 members (got {population}).");
        if (!(f > 0 && f <= 2)) throw new ArgumentException($"F must lie in (0, 2] (got {f}).");
        if (!(crossover >= 0 && crossover <= 1)) throw new ArgumentException($"CR must lie in [0, 1] (got {crossover}).");
        (this.lower, this.upper, Population, F, Crossover) = ((double[])lower.Clone(), (double[])upper.Clone(), population, f, crossover);
    }

    /// <summary>Dimensions of the search.</summary>
    public int Dimensions => lower.Length;

    /// <summary>
    /// Runs <paramref name="generations"/> generations after the initial population, seeded by <paramref name="seed"/>;
    /// <paramref name="evaluate"/> gets a batch of candidates and returns their fitnesses in order. Returns one record
    /// per generation (the initial population's first); the last holds the best candidate found.
    /// </summary>
    public IReadOnlyList<GenerationRecord> Minimize(Func<double[][], Fitness[]> evaluate, int generations, int seed, Action<GenerationRecord>? progress = null)
    {
        if (generations < 0) throw new ArgumentException($"The generations must be ≥ 0 (got {generations}).");
        var rng = new Random(seed);
        int n = Dimensions;
        var x = new double[Population][];
        for (int i = 0; i < Population; i++)
        {
            x[i] = new double[n];
            for (int d = 0; d < n; d++) x[i][d] = lower[d] + (upper[d] - lower[d]) * rng.NextDouble();
        }
        var fit = Checked(evaluate(x), Population);
        var history = new List<GenerationRecord>();
        void Record(int generation)
        {
            int best = 0;
            for (int i = 1; i < Population; i++) if (fit[i].CompareTo(fit[best]) < 0) best = i;
            var feasible = fit.Where(v => v.Violation == 0 && !double.IsNaN(v.Objective)).Select(v => v.Objective).Order().ToArray();
            double median = feasible.Length == 0 ? double.NaN
                : feasible.Length % 2 == 1 ? feasible[feasible.Length / 2] : (feasible[feasible.Length / 2 - 1] + feasible[feasible.Length / 2]) / 2;
            var record = new GenerationRecord(generation, Population * (generation + 1), (double[])x[best].Clone(), fit[best], median);
            history.Add(record);
            progress?.Invoke(record);
        }
        Record(0);
        for (int g = 1; g <= generations; g++)
        {
            var trials = new double[Population][];
            for (int i = 0; i < Population; i++) trials[i] = Trial(x, i, rng);
            var trialFit = Checked(evaluate(trials), Population);
            for (int i = 0; i < Population; i++)
                if (trialFit[i].CompareTo(fit[i]) <= 0) (x[i], fit[i]) = (trials[i], trialFit[i]);
            Record(g);
        }
        return history;
    }

    double[] Trial(double[][] x, int i, Random rng)
    {
        int a, b, c;
        do a = rng.Next(Population); while (a == i);
        do b = rng.Next(Population); while (b == i || b == a);
        do c = rng.Next(Population); while (c == i || c == a || c == b);
        int n = Dimensions, always = rng.Next(n);
        var trial = new double[n];
        for (int d = 0; d < n; d++)
        {
            if (d != always && rng.NextDouble() >= Crossover) { trial[d] = x[i][d]; continue; }
            double v = x[a][d] + F * (x[b][d] - x[c][d]);
            trial[d] = v < lower[d] ? (x[i][d] + lower[d]) / 2 : v > upper[d] ? (x[i][d] + upper[d]) / 2 : v;
        }
        return trial;
    }

    static Fitness[] Checked(Fitness[] fitness, int expected) =>
        fitness.Length == expected ? fitness : throw new InvalidOperationException($"The evaluation returned {fitness.Length} fitnesses for {expected} candidates.");
}
