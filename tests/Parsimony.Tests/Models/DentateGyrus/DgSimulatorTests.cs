using Parsimony.Experiments.DentateGyrus;
using Parsimony.Models.DentateGyrus;

namespace Parsimony.Tests.Models.DentateGyrus;

/// <summary>The dentate-gyrus network, its weights and its integrator (spec neuro_models.md §B.2–B.3; checks B2, B3).</summary>
public class DgSimulatorTests
{
    /// <summary>One input bit onto one cell, excitatory (and optionally one inhibitory interneuron in between).</summary>
    const string Inhibition = """
        , { "pre": "In", "post": "I", "distribution": "uniform", "mean": 1.0, "sign": "exc" },
          { "pre": "I", "post": "C", "distribution": "uniform", "mean": 0.2, "sign": "inh" }
        """;

    static DgNetwork Tiny(bool inhibition) => DgModelFamily.Parse("""
        { "input": { "name": "In", "size": 1 }, "output": "C",
          "populations": [ { "name": "C", "size": 1, "tau_ms": 50 }, { "name": "I", "size": 1, "tau_ms": 20 } ],
          "synapse_ms": { "rise": 1, "excitatory_decay": 10, "inhibitory_decay": 20 },
          "models": [ { "name": "m", "projections": [
            { "pre": "In", "post": "C", "distribution": "uniform", "mean": 0.3, "sign": "exc" }
        """ + (inhibition ? Inhibition : "") + "] } ] }", "test").Get("m");

    /// <summary>The conductance's fixed point for input a = 1 with rise τr and decay τd: (1/τr)/(1/τr + 1/τd) when below 1.</summary>
    static double Conductance(double rise, double decay) => (1 / rise) / (1 / rise + 1 / decay);

    [Fact]
    public void ALongRunSettlesOnTheClosedFormFixedPointOfOneExcitatorySynapse()
    {
        var net = Tiny(false);
        var weights = DgWeights.Sample(net, 7);
        double w = weights.Matrices[0][0];
        var response = new DgSimulator(net, weights, new DgProtocol(5e-4, DurationSeconds: 1.5, WindowStartSeconds: 1.2)).Run([[1.0]])[0];
        double drive = w * Conductance(1, 10);
        double v = 60 * drive / (1 + drive);                      // τ dV/dt = −V + G (60 − V) = 0
        Assert.Equal(DgSimulator.Activation(v), response[0], 6);
    }

    [Fact]
    public void InhibitionShuntsTowardsItsReversalPotentialAsTheClosedFormSays()
    {
        var net = Tiny(true);
        var weights = DgWeights.Sample(net, 3);
        double we = weights.Matrices[0][0], wi = weights.Matrices[1][0], wc = weights.Matrices[2][0];
        var response = new DgSimulator(net, weights, new DgProtocol(5e-4, DurationSeconds: 1.5, WindowStartSeconds: 1.2)).Run([[1.0]])[0];
        double gI = wi * Conductance(1, 10);
        double vI = 60 * gI / (1 + gI), aI = DgSimulator.Activation(vI);
        // the interneuron's synapse onto the cell: dg/dt = −g/20 + (a − g)/1 = 0 for g < a
        double gInh = wc * aI * (1.0 / 1) / (1.0 / 1 + 1.0 / 20), gExc = we * Conductance(1, 10);
        double v = (60 * gExc - 10 * gInh) / (1 + gExc + gInh);
        Assert.Equal(DgSimulator.Activation(v), response[0], 6);
        Assert.Equal(aI, response[1], 6);
    }

    [Fact]
    public void HalvingTheStepChangesNoWindowMeanByAThousandthInAnyPublishedModel()   // check B2
    {
        var patterns = DentateEvaluation.Patterns.Where((_, i) => i % 32 == 21).ToArray();
        foreach (var net in DgModelFamily.Published.Models)
        {
            var weights = DgWeights.Sample(net, 1234);
            var coarse = new DgSimulator(net, weights, new DgProtocol()).Run(patterns, 2);
            var fine = new DgSimulator(net, weights, new DgProtocol(new DgProtocol().DtSeconds / 2)).Run(patterns, 2);
            double worst = coarse.Zip(fine).Max(p => p.First.Zip(p.Second).Max(q => Math.Abs(q.First - q.Second)));
            Assert.True(worst < 1e-3, $"model {net.Name}: halving dt changed a window mean by {worst}");
            Assert.True(coarse.Any(r => r.Any(v => v > 0)), $"model {net.Name} is silent");
        }
    }

    [Fact]
    public void TheZeroPatternLeavesEveryUnitOfEveryModelExactlySilent()   // check B3
    {
        foreach (var net in DgModelFamily.Published.Models)
        {
            var response = new DgSimulator(net, DgWeights.Sample(net, 1234), new DgProtocol()).Run([new double[7]])[0];
            Assert.All(response, v => Assert.Equal(0.0, v));
        }
    }

    [Fact]
    public void TheActivationIsZeroBelowTheThresholdLinearAboveAndSaturatesAtOne()
    {
        Assert.Equal(0.0, DgSimulator.Activation(-5));
        Assert.Equal(0.0, DgSimulator.Activation(10));
        Assert.Equal(0.5, DgSimulator.Activation(35), 15);
        Assert.Equal(1.0, DgSimulator.Activation(60));
        Assert.Equal(1.0, DgSimulator.Activation(100));
    }

    [Fact]
    public void LogNormalWeightsHaveExactlyTheirMeanUniformOnesStayInRangeAndRecurrenceHasNoSelfConnections()
    {
        var net = DgModelFamily.Published.Get("6");
        var weights = DgWeights.Sample(net, 1234);
        for (int i = 0; i < net.Projections.Count; i++)
        {
            var j = net.Projections[i];
            var w = weights.Matrices[i];
            Assert.Equal(net.SizeOf(j.Pre) * net.SizeOf(j.Post), w.Length);
            Assert.All(w, v => Assert.True(v >= 0));
            if (j.Distribution == WeightDistribution.Uniform) Assert.All(w, v => Assert.True(v <= 2 * j.Mean));
            else if (j.Pre != j.Post) Assert.Equal(j.Mean, w.Average(), 12);
            if (j.Pre == j.Post) for (int k = 0; k < net.SizeOf(j.Pre); k++) Assert.Equal(0.0, w[k * net.SizeOf(j.Post) + k]);
        }
        var lognormal = weights.Matrices[0];   // Input → GC: a log-normal with σ = 1 has a coefficient of variation √(e − 1) ≈ 1.31
        double mean = lognormal.Average(), sd = Math.Sqrt(lognormal.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(sd / mean, 0.9, 1.8);
    }

    [Fact]
    public void TheSameSeedGivesTheSameBitsAndAnAblationLeavesTheOtherWeightsAlone()
    {
        var net = DgModelFamily.Published.Get("6");
        var a = DgWeights.Sample(net, 1234);
        Assert.Equal(a.Matrices.SelectMany(m => m), DgWeights.Sample(net, 1234).Matrices.SelectMany(m => m));
        Assert.NotEqual(a.Matrices[0], DgWeights.Sample(net, 1235).Matrices[0]);
        var ablated = net.Without("MC:FB_Inh");
        Assert.Equal(net.Projections.Count - 1, ablated.Projections.Count);
        var b = DgWeights.Sample(ablated, 1234);
        for (int i = 0, k = 0; i < net.Projections.Count; i++)
            if (net.Projections[i].Key != "MC:FB_Inh") Assert.Equal(a.Matrices[i], b.Matrices[k++]);
        Assert.Throws<ParsimonyException>(() => net.Without("GC:GC"));
    }

    [Fact]
    public void ThePublishedFamilyHasEveryModelWithTheSpecsWeights()
    {
        var family = DgModelFamily.Published;
        Assert.Equal(["0", "1", "2", "2_nsl", "3", "4", "5", "5c", "6", "6b"], family.Models.Select(m => m.Name));
        var six = family.Get("6");
        Assert.Equal(8, six.Projections.Count);
        Assert.Equal(0.2090454, six.Projections.Single(j => j.Key == "Input:GC").Mean, 7);
        Assert.Equal(0.9983056, six.Projections.Single(j => j.Key == "FB_Inh:GC").Mean, 7);
        Assert.Equal(0.02, six.Projections.Single(j => j.Key == "FB_Inh:GC").TauDecaySeconds, 12);
        Assert.Equal(0.01, six.Projections.Single(j => j.Key == "MC:GC").TauDecaySeconds, 12);
        Assert.Equal(["GC", "FF_Inh", "FB_Inh", "MC"], six.Populations.Select(p => p.Name));
        Assert.Equal(["GC"], family.Get("0").Populations.Select(p => p.Name));
        Assert.Equal(WeightDistribution.Uniform, family.Get("0").Projections[0].Distribution);
        Assert.Equal(WeightDistribution.LogNormal, family.Get("1").Projections[0].Distribution);
        Assert.Contains(family.Get("6b").Projections, j => j.Key == "FB_Inh:MC" && j.Sign == SynapseSign.Inhibitory);
    }

    [Theory]
    [InlineData("\"pre\": \"Input\", \"post\": \"CA3\"", "unknown population 'CA3'")]
    [InlineData("\"pre\": \"Input\", \"post\": \"GC\", \"tau_decay_ms\": -5", "positive decay time constant")]
    [InlineData("\"pre\": \"Input\", \"post\": \"GC\", \"mean\": -1", "mean weight ≥ 0")]
    [InlineData("\"pre\": \"Input\", \"post\": \"GC\", \"sign\": \"mod\"", "neither exc nor inh")]
    [InlineData("\"pre\": \"Input\", \"post\": \"GC\", \"distribution\": \"gamma\"", "neither uniform nor lognormal")]
    [InlineData("\"pre\": \"GC\", \"post\": \"Input\"", "unknown postsynaptic population 'Input'")]
    public void AModelFileWithAnErrorIsRefusedWithAMessageNamingIt(string projection, string expected)
    {
        var fields = new Dictionary<string, string> { ["distribution"] = "\"uniform\"", ["mean"] = "0.1", ["sign"] = "\"exc\"" };
        foreach (var key in fields.Keys.ToList()) if (projection.Contains($"\"{key}\"")) fields.Remove(key);
        string rest = string.Concat(fields.Select(f => $", \"{f.Key}\": {f.Value}"));
        string json = $$"""
            { "input": { "name": "Input", "size": 7 }, "output": "GC",
              "populations": [ { "name": "GC", "size": 8, "tau_ms": 50 } ],
              "synapse_ms": { "rise": 1, "excitatory_decay": 10, "inhibitory_decay": 20 },
              "models": [ { "name": "x", "projections": [ { {{projection}}{{rest}} } ] } ] }
            """;
        var e = Assert.Throws<ParsimonyException>(() => DgModelFamily.Parse(json, "my.json"));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("my.json: ", e.Message);
    }

    [Fact]
    public void APopulationWithANegativeTimeConstantOrAMissingFieldIsRefused()
    {
        const string head = """{ "input": { "name": "Input", "size": 7 }, "output": "GC", "synapse_ms": { "rise": 1, "excitatory_decay": 10, "inhibitory_decay": 20 }, """;
        const string models = """ "models": [ { "name": "x", "projections": [ { "pre": "Input", "post": "GC", "distribution": "uniform", "mean": 0.1, "sign": "exc" } ] } ] }""";
        var e = Assert.Throws<ParsimonyException>(() => DgModelFamily.Parse(head + """ "populations": [ { "name": "GC", "size": 8, "tau_ms": -50 } ], """ + models, "f"));
        Assert.Contains("positive time constant", e.Message);
        e = Assert.Throws<ParsimonyException>(() => DgModelFamily.Parse(head + """ "populations": [ { "name": "GC", "tau_ms": 50 } ], """ + models, "f"));
        Assert.Contains("'size' is missing", e.Message);
        e = Assert.Throws<ParsimonyException>(() => DgModelFamily.Parse("[1, 2", "f"));
        Assert.Contains("not a JSON object", e.Message);
    }
}
