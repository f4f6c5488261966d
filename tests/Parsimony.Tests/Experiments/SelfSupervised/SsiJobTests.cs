using System.Text.Json.Nodes;
using Parsimony.Experiments.SelfSupervised;
using Parsimony.Information.Losses;
using Parsimony.Runs;
using Parsimony.Tasks.HeadDirection;
using static TorchSharp.torch;

namespace Parsimony.Tests.Experiments.SelfSupervised;

public class SsiJobTests
{
    static SsiJob Job(SsiConfig config) => config switch
    {
        SsiPlaceConfig place => new SsiJob(place, new PlaceCellTask(place, CPU), ComputeContext.Cpu),
        SsiHeadDirectionConfig hd => new SsiJob(hd, new HeadDirectionTask(hd, CPU), ComputeContext.Cpu),
        _ => throw new ArgumentException(config.GetType().Name),
    };

    static JsonObject? Train(SsiConfig config, string command, out RunFolder run, long? stopAfter = null, RunFolder? resume = null)
    {
        run = resume ?? TestRuns.New($"train {command}", config);
        using var job = Job(config);
        return TestRuns.Run(job, run, stopAfter, logEvery: 5);
    }

    /// <summary>Spec §6.9 at its own scale (Np 16, Ng 128, box 0.5 m, T 100, B 40, lr 1e-4): the SSI loss falls within 100 steps and fields localise.</summary>
    [Fact]
    public void SsiLossFallsWithin100StepsAndPlaceFieldsLocalise()
    {
        var config = new SsiPlaceConfig { Epochs = 1, Steps = 100, EvalBatches = 4, Device = DeviceChoice.Cpu };
        var summary = Train(config, "ssi-place", out var run)!;
        double Get(string key) => summary[key]!.GetValue<double>();
        Assert.True(Get("loss") < Get("untrained_loss") - 10, $"loss {Get("loss")} vs untrained {Get("untrained_loss")}");
        Assert.True(Get("ssi_bits_per_spike") > Get("untrained_ssi_bits_per_spike"));
        Assert.True(Get("place_score_mean") > Get("untrained_place_score_mean") + 3, $"place score {Get("place_score_mean")} vs {Get("untrained_place_score_mean")}");
        Assert.True(Get("decoding_naive_bayes") > 2 * Get("chance_naive_bayes"), $"naive Bayes {Get("decoding_naive_bayes")}");
        Assert.True(Get("decoding_linear") > 1.5 * Get("chance_linear"), $"linear {Get("decoding_linear")}");
        foreach (var figure in new[] { "rate-maps.png", "rate-maps-untrained.png", "si-matrix.png" })
            Assert.True(File.Exists(Path.Combine(run.FiguresDir, figure)), figure);
    }

    static readonly SsiHeadDirectionConfig TinyHd = new()
    {
        Readout = 8, Hidden = 32, SequenceLength = 30, BatchSize = 8, Epochs = 2, Steps = 6, EvalBatches = 2, Lr = 1e-3,
        Loss = InformationObjective.EigenI, Device = DeviceChoice.Cpu,
    };

    [Fact]
    public void HeadDirectionRunResumesBitIdenticallyAndReportsTuning()
    {
        var config = TinyHd with { Dropout = 0.1 };                        // exercises the dropout generator's checkpoint
        var full = Train(config, "ssi-hd", out var a)!;
        Assert.Null(Train(config, "ssi-hd", out var b, stopAfter: 9));
        var resumed = Train(config, "ssi-hd", out _, resume: b)!;
        foreach (var key in new[] { "loss", "ssi_bits_per_spike", "resultant_length_mean", "unimodal_share", "decoding_linear" })
            Assert.Equal(full[key]!.GetValue<double>(), resumed[key]!.GetValue<double>());
        Assert.Equal(File.ReadAllBytes(a.ModelPath), File.ReadAllBytes(b.ModelPath));
        Assert.True(File.Exists(Path.Combine(a.FiguresDir, "tuning-curves.png")));
        Assert.Equal(0, new SsiHeadDirectionConfig().Dropout);             // the head-direction default
    }

    [Fact]
    public void ReferenceEarlyStopEndsEpochsOnceTheLossStopsFalling()
    {
        var config = TinyHd with { EarlyStop = true, Steps = 40 };
        using var job = Job(config);
        job.BeginEpoch(0);
        double[] losses = [-1, -2, -3, -4, -5, -6, -7, -8, -7];
        var ends = losses.Select((l, i) => job.EndsEpochEarly(i, l)).ToArray();
        Assert.Equal([false, false, false, false, false, false, false, false, true], ends);   // −7 ≥ mean(−7, −8, −7)
        Train(config, "ssi-hd", out var run);
        int steps = File.ReadLines(run.MetricsPath).Select(l => JsonNode.Parse(l)!).Where(n => (string?)n["kind"] == "eval").Max(n => (int)n["step"]!);
        Assert.True(steps < config.Epochs * config.Steps, $"{steps} steps");
    }
}
