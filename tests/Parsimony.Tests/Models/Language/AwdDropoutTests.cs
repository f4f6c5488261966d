using Parsimony.Models.Egru;
using Parsimony.Models.Language;
using Parsimony.Models.Rnn;
using static TorchSharp.torch;

namespace Parsimony.Tests.Models.Language;

/// <summary>The AWD dropouts of the tied language models: whole embedding rows, masks shared over time, none in evaluation.</summary>
public class AwdDropoutTests
{
    [Fact]
    public void WordDropoutZeroesWholeEmbeddingRowsAndRescalesTheRest()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(1, CPU);
        var weight = randn([50, 6], generator: g);
        var dropped = AwdDropout.DropRows(weight, 0.4, g);
        int zeroed = 0;
        for (int v = 0; v < 50; v++)
        {
            if (dropped[v].eq(0).all().item<bool>()) zeroed++;
            else Assert.True(dropped[v].allclose(weight[v] / 0.6, rtol: 1e-6, atol: 0), $"row {v} is neither dropped nor scaled by 1/(1 − p)");
        }
        Assert.InRange(zeroed, 8, 32);                                                 // about 0.4 · 50
        // Every occurrence of a word in the window shares its row's fate.
        var tokens = tensor(new long[] { 3, 3, 7, 3, 7, 7 }, [3, 2]);
        var embedded = new AwdDropout(Word: 0.5, Masks: g).Embed(weight, tokens);
        Assert.Equal([3L, 2, 6], embedded.shape);
        foreach (long word in new long[] { 3, 7 })
        {
            var rows = embedded.view(-1, 6).index_select(0, tokens.flatten().eq(word).nonzero().flatten());
            Assert.True(rows.eq(rows[0]).all().item<bool>());
            Assert.True(rows[0].eq(0).all().item<bool>() || rows[0].allclose(weight[word] * 2, rtol: 1e-6, atol: 0));
        }
    }

    [Fact]
    public void ALockedMaskIsTheSameAtEveryStep()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(2, CPU);
        var x = ones([9, 4, 20]);
        var dropped = AwdDropout.Locked(x, 0.25, g);
        Assert.True(dropped.eq(dropped[0].unsqueeze(0)).all().item<bool>(), "the mask changes over time");
        Assert.True(dropped.eq(0).logical_or(dropped.eq(1 / 0.75f)).all().item<bool>());
        double share = dropped[0].eq(0).to_type(ScalarType.Float64).mean().item<double>();
        Assert.InRange(share, 0.1, 0.4);
        Assert.False(dropped[0, 0].eq(dropped[0, 1]).all().item<bool>(), "streams share one mask");
    }

    [Theory]
    [InlineData("egru")]
    [InlineData("gru")]
    public void EvaluationNeverDropsAndTrainingDoes(string cell)
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(3, CPU);
        var tokens = randint(0, 11, [7, 3], generator: g);
        nn.Module module;
        ICarryingLanguageModel model;
        if (cell == "egru")
        {
            var egru = RngStreams.Seeded(4, () => new EgruLanguageModel(new EgruSpec(8, [12, 8], ThresholdMean: 0.05), 11));
            egru.Dropout = new AwdDropout(0.3, 0.4, 0.5, g);
            (module, model) = (egru, egru);
        }
        else
        {
            var tied = RngStreams.Seeded(4, () => new TiedLanguageModel(CellKind.Gru, 11, 8, 1));
            tied.Dropout = new AwdDropout(0.3, 0.4, 0, g);
            (module, model) = (tied, tied);
        }
        module.eval();
        var evaluated = model.Run(tokens, null).Logits;
        void Plain(AwdDropout d) { if (module is EgruLanguageModel e) e.Dropout = d; else ((TiedLanguageModel)module).Dropout = d; }
        var dropout = cell == "egru" ? ((EgruLanguageModel)module).Dropout : ((TiedLanguageModel)module).Dropout;
        Plain(new AwdDropout());
        Assert.True(model.Run(tokens, null).Logits.eq(evaluated).all().item<bool>(), "evaluation dropped");
        module.train();
        var plain = model.Run(tokens, null).Logits;
        Plain(dropout);
        Assert.False(model.Run(tokens, null).Logits.allclose(plain, rtol: 1e-4, atol: 1e-5), "training did not drop");
    }
}
