using static TorchSharp.torch;

namespace Parsimony;

/// <summary>
/// Where and how a job computes: the device, the floating-point type of its tensors and whether CUDA may use TF32.
/// Passed explicitly to every job instead of living in global state; <see cref="Apply"/> sets the one switch libtorch
/// only offers process-wide (TF32), and only where it matters (CUDA).
/// </summary>
/// <param name="Device">The TorchSharp device.</param>
/// <param name="Dtype">Floating-point type of model tensors (float32 unless a job says otherwise).</param>
/// <param name="Tf32">Let CUDA matrix products and cuDNN use TF32 tensor cores.</param>
public sealed record ComputeContext(Device Device, ScalarType Dtype = ScalarType.Float32, bool Tf32 = false)
{
    /// <summary>The CPU in float32: deterministic, same seed → same bits.</summary>
    public static ComputeContext Cpu { get; } = new(CPU);

    /// <summary>Resolves a device choice (see <see cref="Devices.Resolve"/>).</summary>
    public static ComputeContext For(DeviceChoice device, bool tf32 = false) => new(Devices.Resolve(device), Tf32: tf32);

    /// <summary>
    /// Sets the TF32 switches of CUDA matrix products and cuDNN to <see cref="Tf32"/> (process-wide in libtorch, hence
    /// applied here, once per job, and never on the CPU where they do nothing).
    /// </summary>
    public void Apply()
    {
        if (Device.type == TorchSharp.DeviceType.CUDA) Devices.SetTf32(Tf32);
    }
}
