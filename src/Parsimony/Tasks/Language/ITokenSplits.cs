namespace Parsimony.Tasks.Language;

/// <summary>A tokenised corpus in three splits.</summary>
public interface ITokenSplits
{
    /// <summary>Training tokens.</summary>
    long[] Train { get; }
    /// <summary>Validation tokens.</summary>
    long[] Valid { get; }
    /// <summary>Test tokens (the reported numbers).</summary>
    long[] Test { get; }
    /// <summary>Vocabulary size.</summary>
    int VocabularySize { get; }
    /// <summary>Where the splits came from, in words.</summary>
    string Description { get; }
}
