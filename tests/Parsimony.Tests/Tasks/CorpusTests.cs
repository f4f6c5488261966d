using Parsimony.Tasks.Language;
using static TorchSharp.torch;

namespace Parsimony.Tests.Tasks;

public class CorpusTests
{
    [Fact]
    public void TokenizesLinesWithEosAndBatchifiesIntoColumns()
    {
        var dir = Path.Combine(TestPaths.TempDir(), "c");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "valid.txt"), string.Join("\n", Enumerable.Repeat("a b c", 100)));
        File.WriteAllText(Path.Combine(dir, "test.txt"), string.Join("\n", Enumerable.Repeat("a b", 30)));
        var corpus = new Corpus(dir);
        Assert.Equal(4, corpus.VocabularySize); // a b c <eos>
        Assert.Equal([0L, 1, 2, 3, 0], corpus.Train[..5]);
        Assert.Equal(360, corpus.Train.Length); // first 90% of 400 tokens
        using var b = Corpus.Batchify(Enumerable.Range(0, 23).Select(i => (long)i).ToArray(), 5, CPU);
        Assert.Equal([4L, 5], b.shape);
        Assert.Equal(4, b[0, 1].item<long>()); // column j holds the j-th contiguous stretch
        Assert.Equal([(0L, 2L), (2L, 1L)], Corpus.Chunks(4, 2).ToArray());
    }

    [Fact]
    public void MissingCorpusFilesAreClearErrors()
    {
        var dir = Path.Combine(TestPaths.TempDir(), "empty");
        Directory.CreateDirectory(dir);
        Assert.Contains("has no valid.txt", Assert.Throws<ParsimonyException>(() => new Corpus(dir)).Message);
        Assert.Contains("does not exist", Assert.Throws<ParsimonyException>(() => new Corpus(dir + "-nope")).Message);
    }
}
