namespace Parsimony.Information;

/// <summary>
/// The first-order bias of the plug-in Skaggs information (spec ssi.md §1.6): with n spikes over K visited bins and no
/// true tuning, E[I_spike] ≈ (K − 1)/(2 n ln 2) bits/spike — the χ² approximation of the KL divergence between the
/// spikes' empirical distribution over the bins and the occupancy. Subtracting it is the analytic correction; it
/// assumes independent counts per bin, so smoothed maps (fewer effective bins) are over-corrected.
/// </summary>
public static class SkaggsBias
{
    /// <summary>The expected plug-in bits/spike of an untuned cell with <paramref name="spikes"/> spikes over <paramref name="bins"/> visited bins (0 without spikes).</summary>
    public static double Expected(int bins, double spikes) => bins <= 1 || !(spikes > 0) ? 0 : (bins - 1) / (2 * spikes * Math.Log(2));
}
