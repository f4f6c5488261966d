using Parsimony.Runs;
using Parsimony.Spiking;
using Parsimony.Tasks.Images;

namespace Parsimony.Experiments.EventProp;

/// <summary>Latency-coded images for EventProp: an IDX training and test set, the first training images held out for validation.</summary>
public sealed class ImageTask : IEventPropTask
{
    readonly LatencyCode code;
    readonly Dictionary<DataSplit, IdxImages> splits;

    /// <summary>Reads the images of <paramref name="config"/>.</summary>
    public ImageTask(ImagesEventPropConfig config)
    {
        code = new LatencyCode(config.Latency, config.MinPixel);
        var (train, test) = IdxFolder.Load(config.Images);
        Rules.Require(config.ValidationImages < train.Count, "ValidationImages", $"must leave training images: the set has {train.Count} (got {config.ValidationImages}).");
        var rest = train.Slice(config.ValidationImages, train.Count - config.ValidationImages);
        splits = new()
        {
            [DataSplit.Train] = config.TrainSamples > 0 ? rest.Slice(0, Math.Min(config.TrainSamples, rest.Count)) : rest,
            [DataSplit.Validation] = train.Slice(0, config.ValidationImages),
            [DataSplit.Test] = config.TestSamples > 0 ? test.Slice(0, Math.Min(config.TestSamples, test.Count)) : test,
        };
        Channels = train.Size;
        Classes = Math.Max(train.Classes, test.Classes);
    }

    /// <inheritdoc/>
    public int Channels { get; }
    /// <inheritdoc/>
    public int Classes { get; }
    /// <inheritdoc/>
    public int Count(DataSplit split) => splits[split].Count;
    /// <inheritdoc/>
    public SpikeList Input(DataSplit split, int index) => code.Encode(splits[split].Image(index));
    /// <inheritdoc/>
    public int Label(DataSplit split, int index) => splits[split].Labels[index];
    /// <inheritdoc/>
    public IEnumerable<NamedFigure> Figures(Func<SpikeList, int> predict) => [];
}
