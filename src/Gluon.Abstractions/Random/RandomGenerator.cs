namespace Gluon;

/// <summary>
/// The seedable generator behind random ops, dropout masks and initializers
/// (xoshiro256** seeded through splitmix64). One per process; <see cref="Seed"/> makes every
/// later random result reproducible. Kernels draw from it serially so results do not depend on
/// thread scheduling.
/// </summary>
public sealed class RandomGenerator
{
    private ulong _s0, _s1, _s2, _s3;
    private double? _spareNormal;

    /// <summary>The process-wide generator (<c>mx.random</c>).</summary>
    public static RandomGenerator Global { get; } = new((ulong)Environment.TickCount64 ^ 0x9E3779B97F4A7C15UL);

    /// <summary>A generator with the given seed.</summary>
    public RandomGenerator(ulong seed) => Seed(seed);

    /// <summary>Restarts the sequence from <paramref name="seed"/>.</summary>
    public void Seed(ulong seed)
    {
        lock (this)
        {
            ulong x = seed;
            _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
            _spareNormal = null;
        }
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [low, high).</summary>
    public long NextInt64(long low, long high)
    {
        if (high <= low) throw new ArgumentException($"randint: high ({high}) must be greater than low ({low})");
        ulong range = (ulong)(high - low);
        // Rejection sampling removes modulo bias.
        ulong limit = ulong.MaxValue - ulong.MaxValue % range;
        ulong r;
        do r = NextUInt64(); while (r >= limit);
        return low + (long)(r % range);
    }

    /// <summary>A standard normal sample (Box-Muller, pairs cached).</summary>
    public double NextNormal()
    {
        if (_spareNormal is double s) { _spareNormal = null; return s; }
        double u1;
        do u1 = NextDouble(); while (u1 <= double.Epsilon);
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = r * Math.Sin(2 * Math.PI * u2);
        return r * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Fills <paramref name="dst"/> with uniform floats in [low, high).</summary>
    public void FillUniform(Span<float> dst, float low, float high)
    {
        lock (this)
            for (int i = 0; i < dst.Length; i++) dst[i] = low + (high - low) * (float)NextDouble();
    }

    /// <summary>Fills <paramref name="dst"/> with normal floats of mean <paramref name="loc"/> and std <paramref name="scale"/>.</summary>
    public void FillNormal(Span<float> dst, float loc, float scale)
    {
        lock (this)
            for (int i = 0; i < dst.Length; i++) dst[i] = loc + scale * (float)NextNormal();
    }
}
