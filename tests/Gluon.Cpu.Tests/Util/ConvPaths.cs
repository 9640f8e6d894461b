using Gluon.Cpu.Kernels;

namespace Gluon.Tests;

/// <summary>Runs a convolution on a chosen path of <see cref="ConvDriver"/>, for references computed by another path.</summary>
public static class ConvPaths
{
    /// <summary>Serializes every test that switches <see cref="ConvDriver.DirectEnabled"/> (both paths are correct, so other tests are unaffected).</summary>
    private static readonly object s_switch = new();

    /// <summary>The result of <paramref name="run"/> with the direct paths switched off (the im2col + GEMM path).</summary>
    public static double[] OnIm2colPath(Func<NDArray> run)
    {
        lock (s_switch)
        {
            ConvDriver.DirectEnabled = false;
            try { return run().ToArray<double>(); }
            finally { ConvDriver.DirectEnabled = true; }
        }
    }
}
