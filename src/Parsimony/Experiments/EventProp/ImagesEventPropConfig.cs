using System.ComponentModel;

namespace Parsimony.Experiments.EventProp;

/// <summary>
/// EventProp on latency-coded images with the paper's MNIST protocol (spec §B.5.2): 784-350-10 with leaky-integrator
/// outputs and the max-voltage loss, batch 5, input dropout 0.2, weights N(0.078, 0.045) and N(0.2, 0.37); the first
/// 5,000 training images are the validation set. Any IDX image set works; the default is Fashion-MNIST from Debian's
/// <c>dataset-fashion-mnist</c> (MNIST itself is not packaged).
/// </summary>
public sealed record ImagesEventPropConfig : EventPropConfig
{
    /// <summary>The default image folder.</summary>
    public const string FashionMnist = Tasks.Images.IdxFolder.FashionMnist;

    /// <summary>The paper's MNIST settings.</summary>
    public ImagesEventPropConfig()
    {
        Hidden = 350;
        BatchSize = 5;
        InputDropout = 0.2;
        Readout = SpikeReadout.Vmax;
        InputWeightMean = 0.078;
        InputWeightSd = 0.045;
        OutputWeightMean = 0.2;
        OutputWeightSd = 0.37;
    }

    /// <summary>The image folder.</summary>
    [Description("Folder with train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz] (apt install dataset-fashion-mnist).")]
    public string Images { get; init; } = FashionMnist;

    /// <summary>Validation images.</summary>
    [Description("The first N training images form the validation set (the rest are trained on).")]
    public int ValidationImages { get; init; } = 5000;

    /// <summary>Test images used.</summary>
    [Description("Use only the first N test images (0: all).")]
    public int TestSamples { get; init; }

    /// <summary>Latency of the darkest pixel.</summary>
    [Description("Spike time of the darkest spiking pixel (ms): a pixel p spikes at (1 − p/255)·this.")]
    public double Latency { get; init; } = 20;

    /// <summary>Pixels at or below this stay silent.</summary>
    [Description("Pixels at or below this value (0–255) do not spike.")]
    public int MinPixel { get; init; } = 1;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Rules.Require(Directory.Exists(Images), nameof(Images), $"is '{Images}', which is not a folder (install Fashion-MNIST with apt install dataset-fashion-mnist, or give an IDX image folder).");
        Rules.NonNegative(ValidationImages, nameof(ValidationImages));
        Rules.NonNegative(TestSamples, nameof(TestSamples));
        Rules.Positive(Latency, nameof(Latency));
        Rules.Require(MinPixel is >= 0 and < 255, nameof(MinPixel), $"must be in 0…254 (got {MinPixel}).");
    }
}
