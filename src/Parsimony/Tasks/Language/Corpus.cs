using static TorchSharp.torch;

namespace Parsimony.Tasks.Language;

/// <summary>
/// A word-level corpus as in PyTorch's <c>word_language_model</c> example (spec moduli.md §3.2): every line is split on
/// whitespace and ends with <c>&lt;eos&gt;</c>; ids are assigned in order of first appearance over the splits.
/// A folder with <c>train.txt</c>, <c>valid.txt</c> and <c>test.txt</c> is used as is. A folder without
/// <c>train.txt</c> (the shipped WikiText-2 has only valid and test) trains on the first part of <c>valid.txt</c>,
/// validates (for the learning-rate annealing) on its last tenth (<c>heldOutShare</c>), and tests on <c>test.txt</c>.
/// </summary>
public sealed class Corpus : ITokenSplits
{
    readonly Dictionary<string, int> ids = [];

    /// <summary>Training tokens.</summary>
    public long[] Train { get; }
    /// <summary>Validation tokens (learning-rate annealing).</summary>
    public long[] Valid { get; }
    /// <summary>Test tokens (the reported numbers).</summary>
    public long[] Test { get; }
    /// <summary>Vocabulary size.</summary>
    public int VocabularySize => ids.Count;
    /// <summary>Where the splits came from, in words.</summary>
    public string Description { get; }

    /// <summary>Reads the corpus in <paramref name="folder"/>.</summary>
    public Corpus(string folder, double heldOutShare = 0.1)
    {
        if (!Directory.Exists(folder))
            throw new ParsimonyException($"Corpus folder '{folder}' does not exist. Give {{Corpus}} a folder with valid.txt and test.txt (and optionally train.txt).");
        string File(string name) => Path.Combine(folder, name);
        foreach (var required in new[] { "valid.txt", "test.txt" })
            if (!System.IO.File.Exists(File(required)))
                throw new ParsimonyException($"Corpus folder '{folder}' has no {required}; it needs valid.txt and test.txt (and optionally train.txt).");
        if (System.IO.File.Exists(File("train.txt")))
        {
            Train = Tokenize(File("train.txt"));
            Valid = Tokenize(File("valid.txt"));
            Description = "train.txt / valid.txt / test.txt";
        }
        else
        {
            var valid = Tokenize(File("valid.txt"));
            int cut = (int)(valid.Length * (1 - heldOutShare));
            Train = valid[..cut];
            Valid = valid[cut..];
            Description = $"valid.txt first {1 - heldOutShare:P0} (train) / last {heldOutShare:P0} (validation) / test.txt (test)";
        }
        Test = Tokenize(File("test.txt"));
        if (Train.Length < 100 || Valid.Length < 20 || Test.Length < 20)
            throw new ParsimonyException($"Corpus folder '{folder}' holds too little text ({Train.Length} training, {Valid.Length} validation, {Test.Length} test tokens).");
    }

    long[] Tokenize(string path)
    {
        var tokens = new List<long>();
        foreach (var line in System.IO.File.ReadLines(path))
            foreach (var word in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Append("<eos>"))
            {
                if (!ids.TryGetValue(word, out int id)) ids[word] = id = ids.Count;
                tokens.Add(id);
            }
        return [.. tokens];
    }

    /// <summary>
    /// The example's <c>batchify</c>: drops the tokens that do not fill a column and lays the rest out as
    /// [rows, <paramref name="columns"/>], column j holding the j-th contiguous stretch.
    /// </summary>
    public static Tensor Batchify(long[] tokens, int columns, Device device)
    {
        long rows = tokens.Length / columns;
        if (rows < 2) throw new ParsimonyException($"{tokens.Length} tokens cannot fill {columns} columns of at least 2 rows.");
        return tensor(tokens[..(int)(rows * columns)], [columns, rows]).t().contiguous().to(device);
    }

    /// <summary>Chunks of a batchified source: (start row, length) for every BPTT window, the last one shorter.</summary>
    public static IEnumerable<(long Start, long Length)> Chunks(long rows, int bptt)
    {
        for (long i = 0; i < rows - 1; i += bptt) yield return (i, Math.Min(bptt, rows - 1 - i));
    }
}
