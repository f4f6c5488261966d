using Parsimony.Runs;

namespace Parsimony.Experiments.Sernn;

/// <summary>The figures of one seRNN run: the grid with its strongest connections, weight against distance, structure over epochs, EV over time.</summary>
static class SernnFigures
{
    /// <summary>Oblique projection of a grid point: x to the right, z up, y receding up and to the right.</summary>
    public static (double X, double Y) Project(double[] p) => (p[0] + 0.45 * p[1], 1.6 * p[2] + 0.35 * p[1]);

    public static IEnumerable<NamedFigure> Of(SernnJob job, SernnConfig config)
    {
        var u = job.Kernel(config.Epochs);
        int n = u.GetLength(0);
        yield return Grid(job.Coordinates, u, config);

        var dist = new List<double>(); var weight = new List<double>();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (i != j) { dist.Add(job.Distances[i, j]); weight.Add(Math.Abs(u[i, j])); }
        yield return new NamedFigure("weight-distance", new ScatterFigure("Recurrent weight against the distance it spans",
            "distance on the grid", "|U_ij|", dist.ToArray(), weight.ToArray())
        {
            Caption = $"Every off-diagonal connection of the final kernel ({config.Penalty.ToString().ToLowerInvariant()}, λ = {Rules.Show(config.Lambda)}). " +
                      "A spatial penalty leaves the long connections weak: the cloud leans down to the right (negative weight–distance r); L1 does not.",
        });

        var epochs = Enumerable.Range(0, config.Epochs + 1).Select(e => (double)e).ToArray();
        var structure = epochs.Select(e => NetworkStructure.Of(job.Kernel((int)e), job.Distances, config.Density, config.Restarts, config.NullGraphs, config.Seed)).ToArray();
        yield return new NamedFigure("structure-over-epochs", new LinesFigure("Structure of the recurrent kernel over training", "epoch", "value",
        [
            new Series("modularity Q", epochs, structure.Select(s => s.Modularity).ToArray()),
            new Series("small-worldness σ", epochs, structure.Select(s => s.SmallWorld).ToArray()),
            new Series("weight–distance r", epochs, structure.Select(s => s.WeightDistanceR).ToArray()),
            new Series("Σ|U| / 1000", epochs, structure.Select(s => s.TotalWeight / 1000).ToArray()),
        ])
        {
            Caption = $"Measured on the snapshots at initialisation (epoch 0) and after every epoch; Q and σ on the undirected graph of the strongest " +
                      $"{Rules.Show(config.Density * 100)}% of |U| (best of {config.Restarts} Louvain restarts; σ against {config.NullGraphs} random graphs of the same edge count).",
        });

        var f = Functional.Of(job.RecordStates(), job.RecordProblems, job.Distances, 100, config.Seed);
        var windows = Enumerable.Range(1, f.GoalEv.Length).Select(w => (double)w).ToArray();
        yield return new NamedFigure("explained-variance", new LinesFigure("Variance of unit activity explained by goal and by options", "time window (5 steps)", "mean η² over units",
        [
            new Series("goal", windows, f.GoalEv.Select(w => w.Average()).ToArray()) { Markers = true },
            new Series("options (choice)", windows, f.ChoiceEv.Select(w => w.Average()).ToArray()) { Markers = true },
        ])
        {
            Marks = [new Mark(4.5, "goal off"), new Mark(6.5, "options on")],
            Caption = "η² of each unit's window-mean activity against the 4 goals and against the 5 option sets, averaged over units, on the recorded trials. " +
                      "The goal is shown in windows 1–4, nothing in 5–6, the options in 7–10.",
        });
    }

    static NamedFigure Grid(double[][] coords, double[,] u, SernnConfig config)
    {
        int n = coords.Length;
        var strongest = Enumerable.Range(0, n * n).Where(k => k / n != k % n).OrderByDescending(k => Math.Abs(u[k / n, k % n]))
            .Take(DrawnConnectionsFor(n)).ToArray();
        var series = new List<Series>();
        foreach (int k in strongest)
        {
            var (ax, ay) = Project(coords[k / n]); var (bx, by) = Project(coords[k % n]);
            series.Add(new Series("", [ax, bx], [ay, by]) { Group = 0 });
        }
        var points = coords.Select(Project).ToArray();
        series.Add(new Series("units", points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray()) { Group = 1, Markers = true, Line = false });
        return new NamedFigure("grid-connections", new LinesFigure($"The {config.GridX} × {config.GridY} × {config.GridZ} grid and its {strongest.Length} strongest connections",
            "x (+ 0.45 y)", "1.6 z (+ 0.35 y)", series)
        {
            Caption = "An oblique projection of the units' grid (x to the right, z up, y receding up-right) with the strongest recurrent connections " +
                      "of the final kernel as lines. A spatially regularised network keeps mostly short, local connections.",
        });
    }

    static int DrawnConnectionsFor(int n) => Math.Min(SernnJob.DrawnConnections, n * (n - 1));
}
