using Parsimony.Models.Rnn;

namespace Parsimony.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench/Parsimony.Bench -- interleaved inference</c>: the methods of
/// <see cref="EgruBenchmarks"/> (at 20% and 41.5% activity) and <see cref="PrunedRnnBenchmarks"/> (Elman, GRU), each
/// set measured in interleaved rounds (<see cref="Interleaved"/>) with libtorch on one thread, as our kernels are.
/// </summary>
public static class InferenceComparison
{
    const int Steps = 100;

    /// <summary>Runs and prints the comparison: <paramref name="only"/> <c>egru</c> or <c>rnn</c> for one half.</summary>
    public static void Run(int rounds, string? only = null)
    {
        TorchSharp.torch.set_num_threads(1);
        foreach (var activity in only is null or "egru" ? [0.2, 0.415] : Array.Empty<double>())
        {
            var egru = new EgruBenchmarks { Hidden = 1024, Activity = activity };
            egru.Setup();
            Interleaved.Run($"EGRU, N = 1,024, I = 64, activity {activity:P1}, batch 1", [
                new("dense SIMD kernel (every row; baseline)", () => egru.DenseSimd(), Steps),
                new("event-driven", () => egru.EventDriven(), Steps),
                new("event-driven, 90% of all weights pruned, compressed rows", () => egru.EventDrivenPruned90(), Steps),
                new("event-driven, 90% pruned in blocks of 16, blocked rows", () => egru.EventDrivenBlockPruned90(), Steps),
                new("TorchSharp GRU cell (fused, 1 thread)", () => egru.TorchSharpGruCell(), Steps),
                new("TorchSharp EGRU step (op by op, 1 thread)", () => egru.TorchSharpStep(), Steps),
            ], rounds);
        }
        foreach (var cell in only is null or "rnn" ? [CellKind.Elman, CellKind.Gru] : Array.Empty<CellKind>())
        {
            var rnn = new PrunedRnnBenchmarks { Hidden = 1024, Cell = cell };
            rnn.Setup();
            Interleaved.Run($"Moduli RNN ({cell}, N = 1,024, 2 inputs), 90% of the weights pruned by global magnitude, batch 1", [
                new("dense SIMD kernel, unpruned (every row; baseline)", () => rnn.DenseSimd(), Steps),
                new("dense rows, non-zero units only (activity sparsity alone)", () => rnn.DenseActiveRows(), Steps),
                new("pruned 90%, compressed rows, non-zero units", () => rnn.Pruned90(), Steps),
                new("pruned 90% in blocks of 16, blocked rows, non-zero units", () => rnn.BlockPruned90(), Steps),
                new("TorchSharp fused cell (1 thread)", () => rnn.TorchSharpStep(), Steps),
            ], rounds);
        }
    }
}
