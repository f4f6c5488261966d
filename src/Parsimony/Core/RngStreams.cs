using static TorchSharp.torch;

namespace Parsimony;

/// <summary>
/// The named random generators of a job (data shuffling, dropout, …), each with its own seed, saved and restored as a
/// whole by checkpoints. Modules whose initialisation libtorch draws from its process-wide generator are built through
/// <see cref="Seeded{T}"/>, which gives that generator a seed, builds, and puts its previous state back under a lock, so
/// no job depends on what another did before it and jobs may run side by side (tests do).
/// </summary>
public sealed class RngStreams : IDisposable
{
    static readonly object GlobalLock = new();
    readonly Dictionary<string, Generator> streams = [];

    /// <summary>A new CPU generator called <paramref name="name"/> seeded with <paramref name="seed"/>.</summary>
    public Generator Add(string name, ulong seed)
    {
        if (streams.ContainsKey(name)) throw new InvalidOperationException($"The random stream '{name}' exists already.");
        return streams[name] = new Generator(seed, CPU);
    }

    /// <summary>The stream called <paramref name="name"/>.</summary>
    public Generator this[string name] => streams[name];

    /// <summary>Every stream by name.</summary>
    public IReadOnlyDictionary<string, Generator> Streams => streams;

    /// <summary>
    /// Runs <paramref name="build"/> (typically a module constructor) with libtorch's global CPU generator seeded with
    /// <paramref name="seed"/>, then restores the generator's previous state; calls are serialised.
    /// </summary>
    public static T Seeded<T>(long seed, Func<T> build)
    {
        lock (GlobalLock)
        {
            using var saved = random.get_rng_state();
            random.manual_seed(seed);
            try { return build(); }
            finally { random.set_rng_state(saved); }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var g in streams.Values) g.Dispose();
        streams.Clear();
    }
}
