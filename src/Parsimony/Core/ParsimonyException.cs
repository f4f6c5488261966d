namespace Parsimony;

/// <summary>
/// An error caused by the user's input or environment (bad option, missing file, unreadable data, diverged training).
/// Its message is a complete sentence that says what was wrong and how to fix it; the command line prints it without a
/// stack trace and exits with code 1.
/// </summary>
public class ParsimonyException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Training produced a non-finite loss; a checkpoint of the state just before was saved.</summary>
public sealed class TrainingDivergedException(string message) : ParsimonyException(message);
