namespace Parsimony.Tasks.Language;

/// <summary>
/// A character-level corpus (Tiny Shakespeare): every character of one text file is a token, the vocabulary the
/// file's distinct characters in ordinal order; the text is split contiguously into 90% training, 5% validation and
/// 5% test.
/// </summary>
public sealed class CharCorpus : ITokenSplits
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    public CharCorpus(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new ParsimonyException($"Cannot read the corpus {path}: {e.Message}", e); }
        if (text.Length < 1000) throw new ParsimonyException($"The corpus {path} holds {text.Length} characters; a character-level model needs at least 1,000.");
        Characters = text.Distinct().Order().ToArray();
        var id = Characters.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => (long)p.i);
        var tokens = text.Select(c => id[c]).ToArray();
        int trainEnd = (int)(tokens.Length * 0.9), validEnd = (int)(tokens.Length * 0.95);
        Train = tokens[..trainEnd];
        Valid = tokens[trainEnd..validEnd];
        Test = tokens[validEnd..];
        Description = $"{Path.GetFileName(path)}: characters, first 90% train / next 5% validation / last 5% test";
    }

    /// <summary>The vocabulary: token i is character <c>Characters[i]</c>.</summary>
    public char[] Characters { get; }
    /// <inheritdoc/>
    public long[] Train { get; }
    /// <inheritdoc/>
    public long[] Valid { get; }
    /// <inheritdoc/>
    public long[] Test { get; }
    /// <inheritdoc/>
    public int VocabularySize => Characters.Length;
    /// <inheritdoc/>
    public string Description { get; }
}
