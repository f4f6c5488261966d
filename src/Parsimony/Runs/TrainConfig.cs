using System.ComponentModel;

namespace Parsimony.Runs;

/// <summary>
/// Options every training experiment shares. Experiment configs derive from it; each property's
/// <see cref="DescriptionAttribute"/> becomes the help text of a command-line option with the property's default.
/// </summary>
public abstract record TrainConfig
{
    /// <summary>Seed of every random source: initialisation, data, shuffling, dropout.</summary>
    [Description("Seed of every random source (initialisation, data, shuffling, dropout); same seed, same bits on CPU.")]
    public int Seed { get; init; } = 1;

    /// <summary>Where to train.</summary>
    [Description("Device: cpu, cuda, or auto (CUDA when available).")]
    public DeviceChoice Device { get; init; } = DeviceChoice.Auto;

    /// <summary>Whether CUDA matrix products and cuDNN may use TF32 tensor cores.</summary>
    [Description("Let CUDA matrix products and cuDNN use TF32 tensor cores (faster on A100/H100, 10-bit mantissa), like PyTorch's allow_tf32; off keeps full fp32. No effect on the CPU.")]
    public bool Tf32 { get; init; }

    /// <summary>Throws a <see cref="ParsimonyException"/> naming the first invalid value.</summary>
    public virtual void Validate()
    {
    }

    /// <summary>Throws a <see cref="ParsimonyException"/> with <paramref name="message"/> unless <paramref name="ok"/>.</summary>
    protected static void Require(bool ok, string message)
    {
        if (!ok) throw new ParsimonyException(message);
    }
}
