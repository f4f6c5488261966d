namespace Parsimony.Sparsity;

/// <summary>How the target sparsity is approached epoch by epoch.</summary>
public enum PruningSchedule
{
    /// <summary>Navigation and adding: dense at epoch 0, then s_e = T·e/(E−1), so the last epoch trains at T.</summary>
    Linear,
    /// <summary>Language model: with e = 1..E, a_e = T·e/E applied from e = 2 (the first epoch dense).</summary>
    Delayed,
}

/// <summary>The phase an epoch belongs to.</summary>
public enum TrainingPhase
{
    /// <summary>Gradual pruning toward the target.</summary>
    Prune,
    /// <summary>Extra epochs at the final mask.</summary>
    Stabilize,
    /// <summary>The optional extension to a higher sparsity (e.g. 90% → 98%).</summary>
    Extend,
    /// <summary>Lottery-ticket retrain: fresh weights and embedding, final masks fixed.</summary>
    Lottery,
    /// <summary>Dense training before the gradual pruning starts (a trained dense baseline).</summary>
    Dense,
}

/// <summary>What one epoch does.</summary>
/// <param name="Phase">The phase.</param>
/// <param name="Sparsity">Prune to this cumulative sparsity before the epoch, or null to keep the masks.</param>
/// <param name="StartsLottery">This is the first lottery epoch: reinitialise before it.</param>
public readonly record struct EpochPlan(TrainingPhase Phase, double? Sparsity, bool StartsLottery);

/// <summary>
/// The whole pruning schedule of a run (spec moduli.md §2): optionally <paramref name="DenseEpochs"/> of dense training
/// first, <paramref name="Epochs"/> epochs of gradual pruning to <paramref name="TargetSparsity"/>,
/// <paramref name="StabilizerEpochs"/> at the final mask, an optional extension of <paramref name="ExtendEpochs"/>
/// epochs to <paramref name="ExtendTo"/> (T + (T′ − T)·(j+1)/X), and an optional lottery-ticket retrain with the same
/// budget (<paramref name="Epochs"/> epochs). A target of 0 trains dense. <paramref name="PruneBlock"/> consecutive outputs
/// of one input are pruned together (<see cref="MagnitudePruner"/>'s block size; 1: unstructured).
/// </summary>
public sealed record PruningPlan(double TargetSparsity, int Epochs, PruningSchedule Schedule = PruningSchedule.Linear, int StabilizerEpochs = 0,
    double ExtendTo = 0, int ExtendEpochs = 5, bool Lottery = false, int DenseEpochs = 0, int PruneBlock = 1)
{
    /// <summary>Whether any epoch prunes (a target or an extension above 0).</summary>
    public bool Prunes => TargetSparsity > 0 || ExtendTo > 0;

    /// <summary>Epochs of the extension phase (0 when there is none).</summary>
    public int ExtensionEpochs => ExtendTo > TargetSparsity ? ExtendEpochs : 0;

    /// <summary>Epochs before the lottery retrain.</summary>
    public int FirstPhaseEpochs => DenseEpochs + Epochs + StabilizerEpochs + ExtensionEpochs;

    /// <summary>
    /// The last epoch (0-based) trained with no weight pruned — the dense baseline; for a dense run the last epoch
    /// before any lottery retrain; −1 when pruning starts before the first epoch.
    /// </summary>
    public int LastDenseEpoch => !Prunes ? FirstPhaseEpochs - 1
        : Enumerable.Range(0, FirstPhaseEpochs).TakeWhile(e => At(e).Sparsity is null).DefaultIfEmpty(-1).Last();

    /// <summary>All epochs, lottery included.</summary>
    public int TotalEpochs => FirstPhaseEpochs + (Lottery ? Epochs : 0);

    /// <summary>Throws an <see cref="OptionException"/> naming the first value outside its range.</summary>
    public void Validate()
    {
        Rules.Share(TargetSparsity, nameof(TargetSparsity));
        Rules.Share(ExtendTo, nameof(ExtendTo));
        Rules.Positive(Epochs, nameof(Epochs));
        Rules.AtLeast(StabilizerEpochs, 0, nameof(StabilizerEpochs));
        Rules.AtLeast(DenseEpochs, 0, nameof(DenseEpochs));
        Rules.Require(Schedule != PruningSchedule.Delayed || TargetSparsity == 0 || Epochs >= 2, nameof(Epochs),
            $"must be at least 2 for the delayed schedule to reach {{TargetSparsity}} (it trains the first epoch dense; got {Epochs}).");
        Rules.Positive(ExtendEpochs, nameof(ExtendEpochs));
        Rules.Require(!Lottery || Prunes, nameof(Lottery), "needs pruning: set {TargetSparsity} above 0.");
        Rules.AtLeast(PruneBlock, 1, nameof(PruneBlock));
        Rules.Require(PruneBlock == 1 || Prunes, nameof(PruneBlock), "needs pruning: set {TargetSparsity} above 0.");
    }

    /// <summary>The plan of epoch <paramref name="epoch"/> (0-based over <see cref="TotalEpochs"/>).</summary>
    public EpochPlan At(int epoch)
    {
        if (epoch < DenseEpochs) return new(TrainingPhase.Dense, null, false);
        epoch -= DenseEpochs;
        if (epoch < Epochs)
        {
            if (TargetSparsity == 0) return new(TrainingPhase.Prune, null, false);
            double? s = Schedule switch
            {
                PruningSchedule.Linear when Epochs == 1 => TargetSparsity,
                PruningSchedule.Linear => epoch == 0 ? null : TargetSparsity * epoch / (Epochs - 1),
                _ => epoch == 0 ? null : TargetSparsity * (epoch + 1) / Epochs,
            };
            return new(TrainingPhase.Prune, s, false);
        }
        int j = epoch - Epochs;
        if (j < StabilizerEpochs) return new(TrainingPhase.Stabilize, null, false);
        j -= StabilizerEpochs;
        if (j < ExtensionEpochs) return new(TrainingPhase.Extend, TargetSparsity + (ExtendTo - TargetSparsity) * (j + 1) / ExtensionEpochs, false);
        j -= ExtensionEpochs;
        return new(TrainingPhase.Lottery, null, j == 0);
    }
}
