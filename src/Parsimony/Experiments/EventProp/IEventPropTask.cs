using Parsimony.Runs;
using Parsimony.Spiking;

namespace Parsimony.Experiments.EventProp;

/// <summary>The three parts of a classification data set.</summary>
public enum DataSplit
{
    /// <summary>Trained on.</summary>
    Train,
    /// <summary>Evaluated every epoch, not trained on.</summary>
    Validation,
    /// <summary>Held out; its last-epoch accuracy is the result (as the paper reports it).</summary>
    Test,
}

/// <summary>A classification task for a spiking network: spike-coded samples and labels of each split, and its own figures.</summary>
public interface IEventPropTask
{
    /// <summary>Input channels.</summary>
    int Channels { get; }
    /// <summary>Classes.</summary>
    int Classes { get; }
    /// <summary>Samples of a split.</summary>
    int Count(DataSplit split);
    /// <summary>The input spikes of sample <paramref name="index"/> of <paramref name="split"/>.</summary>
    SpikeList Input(DataSplit split, int index);
    /// <summary>Its label.</summary>
    int Label(DataSplit split, int index);
    /// <summary>Figures only this task has (a decision map), given the trained network's prediction for an input.</summary>
    IEnumerable<NamedFigure> Figures(Func<SpikeList, int> predict);
}
