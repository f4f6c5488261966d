using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Sparsity;

/// <summary>
/// The lottery-ticket retrain (Frankle &amp; Carbin 2019, as in spec moduli.md §2): a pruned network's weights are
/// replaced by those of a freshly initialised copy while its final masks are kept, so the sparse structure alone is
/// retrained from a new start.
/// </summary>
public static class LotteryTicket
{
    const ulong Salt = 0x5EED_1077E7;

    /// <summary>The seed of a run's lottery retrain (fresh weights, a regularizer's fresh embedding): the run's seed with a fixed salt.</summary>
    public static ulong Seed(long runSeed) => (ulong)runSeed ^ Salt;

    /// <summary>
    /// Builds a fresh, unmasked model with <paramref name="freshModel"/> from <paramref name="seed"/> (see <see cref="Seed"/>)
    /// and <see cref="Rewind"/>s <paramref name="model"/> to it.
    /// </summary>
    public static void RewindToFresh(nn.Module model, Func<nn.Module> freshModel, MagnitudePruner pruner, ulong seed)
    {
        using var fresh = RngStreams.Seeded((long)(seed & 0x7FFF_FFFF_FFFF), freshModel);
        Rewind(model, fresh, pruner);
    }

    /// <summary>
    /// Copies every parameter of <paramref name="fresh"/> (a new, unmasked model of the same architecture) into the
    /// parameter of the same name of <paramref name="model"/> and applies <paramref name="pruner"/>'s masks, so pruned
    /// weights start at exactly zero. Parameters of <paramref name="model"/> that <paramref name="fresh"/> lacks (e.g. a
    /// regularizer's learned embedding) are left alone.
    /// </summary>
    public static void Rewind(nn.Module model, nn.Module fresh, MagnitudePruner pruner)
    {
        using (no_grad())
        {
            var mine = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            foreach (var (name, p) in fresh.named_parameters()) mine[name].copy_(p.to(mine[name].device));
        }
        pruner.Apply();
    }
}
