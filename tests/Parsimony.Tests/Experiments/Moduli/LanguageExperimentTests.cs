using System.Text.Json.Nodes;
using Parsimony.Experiments.Moduli.Language;
using Parsimony.Regularization;
using Parsimony.Runs;
using Parsimony.Tasks.Language;
using static TorchSharp.torch;

namespace Parsimony.Tests.Experiments.Moduli;

public class LanguageExperimentTests
{
    /// <summary>A small corpus with structure a model can learn: counting sentences.</summary>
    static string TinyCorpus(bool withTrain)
    {
        var dir = Path.Combine(TestPaths.TempDir(), "corpus");
        Directory.CreateDirectory(dir);
        var rng = new Random(1);
        string[] words = ["one", "two", "three", "four", "five", "six"];
        string Text(int lines) => string.Join("\n", Enumerable.Range(0, lines).Select(_ =>
        {
            int start = rng.Next(3);
            return string.Join(' ', words.Skip(start).Take(3 + rng.Next(3)));
        }));
        if (withTrain) File.WriteAllText(Path.Combine(dir, "train.txt"), Text(300));
        File.WriteAllText(Path.Combine(dir, "valid.txt"), Text(300));
        File.WriteAllText(Path.Combine(dir, "test.txt"), Text(60));
        return dir;
    }

    [Fact]
    public void LegacyQuirksTurnRippleIntoTheIdentityAsInTheReference()
    {
        Assert.Equal(Inhibitor.Ripple, new LanguageConfig { Inhibitor = Inhibitor.Ripple }.Regularizer().Inhibitor);
        Assert.Equal(Inhibitor.None, new LanguageConfig { Inhibitor = Inhibitor.Ripple, LegacyQuirks = true }.Regularizer().Inhibitor);
    }

    [Theory]
    [InlineData(PenaltyScope.Head, true)]
    [InlineData(PenaltyScope.V1, false)]
    public void PenaltyScopeDecidesWhichMatricesThePenaltyPulls(PenaltyScope scope, bool beyondLayer0)
    {
        var config = new LanguageConfig
        {
            Corpus = TinyCorpus(withTrain: false), Hidden = 12, Layers = 2, BatchSize = 4, EvalBatchSize = 3, Bptt = 5,
            Device = DeviceChoice.Cpu, PenaltyScope = scope, Lambda = 10,
        };
        Dictionary<string, Tensor> Gradients(LanguageConfig c)
        {
            using var job = new LanguageExperiment(c, ComputeContext.Cpu);
            job.BeginEpoch(0);
            job.Loss(0).Loss.backward();
            return job.State.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.clone());
        }
        var pulled = Gradients(config);
        var free = Gradients(config with { Lambda = 0 });
        bool Same(string name) => pulled[name].equal(free[name]).all().item<bool>();
        Assert.False(Same("rnn.rnn.weight_hh_l0"));                  // layer 0's recurrent matrix: penalized in both
        Assert.Equal(!beyondLayer0, Same("rnn.rnn.weight_hh_l1"));
        Assert.Equal(!beyondLayer0, Same("encoder.weight"));
        Assert.Equal(!beyondLayer0, Same("rnn.rnn.weight_ih_l0"));
    }

    [Fact]
    public void TrainsReportsBothAccuraciesAndResumesExactly()
    {
        var config = new LanguageConfig
        {
            Corpus = TinyCorpus(withTrain: true), Hidden = 16, Layers = 2, BatchSize = 4, EvalBatchSize = 3, Bptt = 7, Epochs = 3,
            Lr = 1, Device = DeviceChoice.Cpu, Lottery = true,
        };
        JsonObject? Run(RunFolder run, long? stop = null)
        {
            using var job = new LanguageExperiment(config, ComputeContext.Cpu);
            return TestRuns.Run(job, run, stop);
        }
        RunFolder NewRun() => TestRuns.New("train lm", config);
        var whole = NewRun();
        var summary = Run(whole)!;
        double accuracy = (double)summary["test_accuracy"]!, legacy = (double)summary["test_accuracy_legacy"]!;
        Assert.InRange(accuracy, 0.2, 1.0); // well above chance (1/7) on the counting corpus
        Assert.InRange((double)summary["test_ppl"]!, 1, 7);
        Assert.Equal(0.9, (double)summary["sparsity"]!, 3);
        using (var job = new LanguageExperiment(config, ComputeContext.Cpu))
        {
            long rows = Corpus.Batchify(job.Corpus.Test, 3, CPU).shape[0] - 1;
            long last = Corpus.Chunks(rows + 1, 7).Last().Length;
            Assert.Equal(accuracy * 3 / last, legacy, 9);
        }
        var split = NewRun();
        int steps = (int)Math.Ceiling((Corpus.Batchify(new Corpus(config.Corpus).Train, 4, CPU).shape[0] - 1) / 7.0);
        Assert.Null(Run(split, stop: 4 * steps + 1)); // inside the lottery phase
        Run(split);
        Assert.Equal(File.ReadAllBytes(whole.ModelPath), File.ReadAllBytes(split.ModelPath));
    }
}
