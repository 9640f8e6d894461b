namespace Gluon.Data;

/// <summary>
/// Yields a random permutation of 0..length-1, a new one per epoch (MXNet's <c>RandomSampler(length)</c>).
/// The permutation is a Fisher-Yates shuffle drawn from <see cref="RandomGenerator.Global"/>, so
/// <c>Nd.Random.Seed</c> makes it reproducible.
/// </summary>
public sealed class RandomSampler : Sampler<int>
{
    private readonly int _length;

    /// <summary>A sampler over a permutation of [0, length).</summary>
    /// <exception cref="ArgumentOutOfRangeException">length is negative.</exception>
    public RandomSampler(int length)
    {
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length), $"RandomSampler: length must be >= 0, got {length}");
        _length = length;
    }

    /// <inheritdoc />
    public override int Count => _length;

    /// <inheritdoc />
    public override IEnumerator<int> GetEnumerator()
    {
        // The whole permutation is drawn when the epoch starts, so the order does not depend on
        // how the epoch interleaves with other users of the global generator.
        var perm = Permutation(_length);
        for (int i = 0; i < perm.Length; i++) yield return perm[i];
    }

    internal static int[] Permutation(int n)
    {
        var perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        var rng = RandomGenerator.Global;
        lock (rng)
        {
            for (int i = n - 1; i > 0; i--)
            {
                int j = (int)rng.NextInt64(0, i + 1);
                (perm[i], perm[j]) = (perm[j], perm[i]);
            }
        }
        return perm;
    }
}
