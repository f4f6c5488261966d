namespace Parsimony.Tasks.YinYang;

/// <summary>
/// NumPy's legacy <c>RandomState(seed)</c> for an integer seed, bit for bit (spec egru_eventprop.md §B.6): the
/// MT19937 generator seeded by <c>init_genrand</c> (not <c>init_by_array</c>, unlike Python's <c>random</c>);
/// <see cref="Rand"/> is NumPy's 53-bit double ((a ≫ 5)·2²⁶ + (b ≫ 6))/2⁵³ from two outputs, and
/// <see cref="RandInt"/> its masked rejection sampling.
/// </summary>
public sealed class NumpyLegacyRandom
{
    const int N = 624, M = 397;
    readonly uint[] mt = new uint[N];
    int index = N;

    /// <summary>A generator in the state of <c>numpy.random.RandomState(seed)</c>.</summary>
    public NumpyLegacyRandom(uint seed)
    {
        mt[0] = seed;
        for (int i = 1; i < N; i++) mt[i] = unchecked(1812433253u * (mt[i - 1] ^ (mt[i - 1] >> 30)) + (uint)i);
    }

    /// <summary>The next 32-bit output of MT19937.</summary>
    public uint NextUInt32()
    {
        if (index >= N) Twist();
        uint y = mt[index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        return y ^ (y >> 18);
    }

    void Twist()
    {
        for (int i = 0; i < N; i++)
        {
            uint y = (mt[i] & 0x80000000u) | (mt[(i + 1) % N] & 0x7fffffffu);
            mt[i] = mt[(i + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0);
        }
        index = 0;
    }

    /// <summary><c>rand()</c>: a double in [0, 1) with 53 random bits.</summary>
    public double Rand()
    {
        uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary><c>randint(high)</c> for a small positive <paramref name="high"/>: 32-bit outputs masked to the next power of two, rejected above high − 1.</summary>
    public int RandInt(int high)
    {
        if (high <= 0) throw new ArgumentOutOfRangeException(nameof(high), "high must be positive.");
        uint max = (uint)(high - 1), mask = max;
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16;
        uint value;
        do value = NextUInt32() & mask; while (value > max);
        return (int)value;
    }
}
