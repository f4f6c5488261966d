using Parsimony.Runs;
using Parsimony.Spiking;
using Parsimony.Tasks.YinYang;

namespace Parsimony.Experiments.EventProp;

/// <summary>Yin-Yang for EventProp: the published splits (optionally the first N training samples) in the paper's latency code.</summary>
public sealed class YinYangTask : IEventPropTask
{
    /// <summary>Points per side of the decision map.</summary>
    public const int MapResolution = 60;

    readonly YinYangEncoding encoding;
    readonly Dictionary<DataSplit, YinYangSample[]> splits;

    /// <summary>The task for <paramref name="config"/>.</summary>
    public YinYangTask(YinYangEventPropConfig config)
    {
        encoding = new YinYangEncoding(config.TMin, config.TMax, config.TBias);
        var train = YinYangDataset.Published("train");
        splits = new()
        {
            [DataSplit.Train] = config.TrainSamples > 0 ? train.Take(config.TrainSamples).ToArray() : train,
            [DataSplit.Validation] = YinYangDataset.Published("validation"),
            [DataSplit.Test] = YinYangDataset.Published("test"),
        };
    }

    /// <inheritdoc/>
    public int Channels => YinYangEncoding.Channels;
    /// <inheritdoc/>
    public int Classes => 3;
    /// <inheritdoc/>
    public int Count(DataSplit split) => splits[split].Length;
    /// <inheritdoc/>
    public SpikeList Input(DataSplit split, int index) => encoding.Encode(splits[split][index]);
    /// <inheritdoc/>
    public int Label(DataSplit split, int index) => splits[split][index].Label;

    /// <summary>The predicted class over the unit square (inside the big circle; outside is masked), with the true class map beside it.</summary>
    public IEnumerable<NamedFigure> Figures(Func<SpikeList, int> predict)
    {
        int n = MapResolution;
        var cells = Enumerable.Range(0, n * n).Select(k => (Row: k / n, Col: k % n)).ToArray();
        var predicted = new double[n * n];
        Parallel.For(0, cells.Length, k =>
        {
            var (row, col) = cells[k];
            double x = (col + 0.5) / n, y = 1 - (row + 0.5) / n;               // row 0 at the top: y near 1
            predicted[k] = YinYangDataset.Inside(x, y) ? predict(encoding.Encode(new YinYangSample(x, y, 0))) : double.NaN;
        });
        double[][] Rows(Func<int, double> value) => Enumerable.Range(0, n).Select(r => Enumerable.Range(0, n).Select(c => value(r * n + c)).ToArray()).ToArray();
        yield return new NamedFigure("decision-map", new HeatmapFigure("Decision map: the trained network's class over the input square",
            Rows(k => predicted[k]), "x (column 0: x = 0)", "y (row 0: y = 1)")
        {
            ColorLabel = "predicted class (−1: no output spike)",
            Caption = $"The class the network gives a point of the unit square ({n} × {n} points inside the big circle; outside is blank), " +
                      "0 and 1 the two halves, 2 the dots; compare with the true classes in the next figure. Regions where it differs from the " +
                      "true map are the errors; −1 marks points where no output neuron fired.",
        });
        yield return new NamedFigure("true-classes", new HeatmapFigure("The true classes of the input square",
            Rows(k => YinYangDataset.Inside((cells[k].Col + 0.5) / n, 1 - (cells[k].Row + 0.5) / n)
                ? YinYangDataset.ClassOf((cells[k].Col + 0.5) / n, 1 - (cells[k].Row + 0.5) / n) : double.NaN), "x (column 0: x = 0)", "y (row 0: y = 1)")
        {
            ColorLabel = "class",
            Caption = "The Yin-Yang classes on the same grid: 0 and 1 the two halves (1 is the 'is yin' region of the generator), 2 the two dots.",
        });
    }
}
