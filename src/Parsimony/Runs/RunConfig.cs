using System.ComponentModel;

namespace Parsimony.Runs;

/// <summary>
/// The options of one command that writes a run folder. Every command has its own record deriving from this one; each
/// property with a <see cref="DescriptionAttribute"/> becomes a command-line option (<c>SequenceLength</c> →
/// <c>--sequence-length</c>) whose default is the property's default, and the resolved record is written to
/// <c>config.json</c> under <c>options</c>.
/// </summary>
public abstract record RunConfig
{
    /// <summary>Seed of every random source of the run.</summary>
    [Description("Seed of every random source (initialisation, data, shuffling, dropout, shuffle nulls); same seed, same bits on CPU.")]
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Throws an <see cref="OptionException"/> naming the first invalid property. Every rule of the command's options is
    /// checked here, before anything is built or written.
    /// </summary>
    public virtual void Validate()
    {
    }

    /// <summary>
    /// The options a preset chosen in this config sets (a named recipe: property names → values), or null when none
    /// is chosen. The command line gives every option the user did not type its preset value; a typed option wins.
    /// </summary>
    public virtual IReadOnlyDictionary<string, object?>? PresetOptions() => null;
}

/// <summary>A short command-line alias of a config property (e.g. <c>-n</c>).</summary>
/// <param name="alias">The alias with its dash.</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AliasAttribute(string alias) : Attribute
{
    /// <summary>The alias with its dash.</summary>
    public string Alias { get; } = alias;
}

/// <summary>Options every training command shares: where to train.</summary>
public abstract record TrainConfig : RunConfig
{
    /// <summary>Where to train.</summary>
    [Description("Device: cpu, cuda, or auto (CUDA when available).")]
    public DeviceChoice Device { get; init; } = DeviceChoice.Auto;

    /// <summary>Whether CUDA matrix products and cuDNN may use TF32 tensor cores.</summary>
    [Description("Let CUDA matrix products and cuDNN use TF32 tensor cores (faster on A100/H100, 10-bit mantissa), like PyTorch's allow_tf32; off keeps full fp32. No effect on the CPU.")]
    public bool Tf32 { get; init; }
}
