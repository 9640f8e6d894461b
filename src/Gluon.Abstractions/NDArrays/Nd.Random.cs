using Gluon.Ops;

namespace Gluon;

public static partial class Nd
{
    /// <summary>
    /// Random sampling (<c>mx.nd.random</c> and <c>mx.random.seed</c>), drawing from
    /// <see cref="RandomGenerator.Global"/>: after <see cref="Seed"/> every result is reproducible.
    /// </summary>
    public static class Random
    {
        /// <summary>Restarts the global generator from <paramref name="seed"/> (<c>mx.random.seed</c>).</summary>
        public static void Seed(int seed) => RandomGenerator.Global.Seed((ulong)(long)seed);

        /// <summary>Uniform samples in [<paramref name="low"/>, <paramref name="high"/>) (<c>nd.random.uniform</c>).</summary>
        /// <exception cref="ArgumentException">high &lt; low, or dtype is not a float type.</exception>
        public static NDArray Uniform(double low = 0, double high = 1, Shape? shape = null, DType dtype = DType.Float32, Context? ctx = null) =>
            Sample("_random_uniform", new OpAttrs { { "low", low }, { "high", high }, { "shape", shape ?? new Shape(1) }, { "dtype", dtype } }, ctx);

        /// <summary>Normal samples with mean <paramref name="loc"/> and standard deviation <paramref name="scale"/> (<c>nd.random.normal</c>).</summary>
        /// <exception cref="ArgumentException">scale is negative, or dtype is not a float type.</exception>
        public static NDArray Normal(double loc = 0, double scale = 1, Shape? shape = null, DType dtype = DType.Float32, Context? ctx = null) =>
            Sample("_random_normal", new OpAttrs { { "loc", loc }, { "scale", scale }, { "shape", shape ?? new Shape(1) }, { "dtype", dtype } }, ctx);

        /// <summary>Uniform integers in [<paramref name="low"/>, <paramref name="high"/>) (<c>nd.random.randint</c>; int32 or int64).</summary>
        /// <exception cref="ArgumentException">high ≤ low, or dtype is not int32/int64.</exception>
        public static NDArray RandInt(long low, long high, Shape? shape = null, DType dtype = DType.Int32, Context? ctx = null) =>
            Sample("_random_randint", new OpAttrs { { "low", low }, { "high", high }, { "shape", shape ?? new Shape(1) }, { "dtype", dtype } }, ctx);

        /// <summary>A copy of <paramref name="x"/> with its first-axis slices in random order (<c>nd.random.shuffle</c>).</summary>
        public static NDArray Shuffle(NDArray x) => Op("_shuffle", null, x);

        private static NDArray Sample(string op, OpAttrs attrs, Context? ctx) =>
            Imperative.Invoke(OpRegistry.Get(op), attrs, [], ctx)[0];
    }
}
