using System.CommandLine;
using Parsimony.Experiments.Navigation;

namespace Parsimony.Cli.Commands;

/// <summary>
/// <c>parsimony demo</c>: the main job — a CPU-sized navigation RNN with torus moduli regularization and gradual
/// pruning to 90%, with its report (errors, sparsity per matrix, ordered weights, decoded trajectories, rate maps).
/// Every <c>train navigation</c> option can be given; only the defaults differ.
/// </summary>
static class DemoCommand
{
    public static Command Create() => TrainCommand.Experiment("demo",
        "The main demo (a few minutes on 2 CPU cores): path integration with torus moduli regularization and gradual pruning to 90%, " +
        "then a report with errors, sparsity per matrix, the recurrent matrix ordered along the torus, decoded trajectories and rate maps.",
        (c, d) => new NavigationExperiment(c, d), NavigationConfig.Demo, commandName: "demo");
}
