using static TorchSharp.torch;

namespace Parsimony;

/// <summary>Where tensors live: the CPU, a CUDA GPU, or CUDA when one is available (<see cref="Auto"/>).</summary>
public enum DeviceChoice
{
    /// <summary>CUDA when available, else the CPU.</summary>
    Auto,
    /// <summary>The CPU (deterministic: same seed, same bits).</summary>
    Cpu,
    /// <summary>The first CUDA GPU; an error when none is available.</summary>
    Cuda,
}

/// <summary>Resolves a <see cref="DeviceChoice"/> to a TorchSharp device.</summary>
public static class Devices
{
    /// <summary>The device for <paramref name="choice"/>; throws a <see cref="ParsimonyException"/> when CUDA is asked for but absent.</summary>
    public static Device Resolve(DeviceChoice choice) => choice switch
    {
        DeviceChoice.Cpu => CPU,
        DeviceChoice.Cuda when cuda.is_available() => CUDA,
        DeviceChoice.Cuda => throw new UsageException(
            "{Device} cuda was requested but no CUDA device is available to TorchSharp. Use {Device} cpu, or run the " +
            "GPU build made by ../shared/gpu/pack.sh on a machine whose PyTorch has CUDA (see README, 'GPU recipe')."),
        _ => cuda.is_available() ? CUDA : CPU,
    };

    /// <summary>
    /// Lets CUDA matrix products and cuDNN (the recurrent kernels) use TF32 tensor cores, or keeps them in full fp32
    /// (<paramref name="allow"/> false; note that PyTorch's own default allows TF32 in cuDNN). Process-wide; the switches
    /// exist, and do nothing, on the CPU.
    /// </summary>
    public static void SetTf32(bool allow)
    {
        backends.cuda.matmul.allow_tf32 = allow;
        backends.cudnn.allow_tf32 = allow;
    }
}
