namespace Gluon.Tests;

/// <summary>Plain references for the shape ops: element-by-element gathers over multi-indices.</summary>
public static class ShapeRef
{
    /// <summary>Row-major multi-index of flat index <paramref name="flat"/>.</summary>
    public static int[] Unravel(int flat, int[] shape)
    {
        var idx = new int[shape.Length];
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            idx[i] = flat % shape[i];
            flat /= shape[i];
        }
        return idx;
    }

    /// <summary>Row-major flat index of <paramref name="idx"/>.</summary>
    public static int Ravel(int[] idx, int[] shape)
    {
        int f = 0;
        for (int i = 0; i < shape.Length; i++) f = f * shape[i] + idx[i];
        return f;
    }

    /// <summary>out[o] = x[map(o)] for every multi-index o of <paramref name="outShape"/>.</summary>
    public static double[] Gather(double[] x, int[] xShape, int[] outShape, Func<int[], int[]> map)
    {
        int n = 1;
        foreach (int d in outShape) n *= d;
        var r = new double[n];
        for (int f = 0; f < n; f++) r[f] = x[Ravel(map(Unravel(f, outShape)), xShape)];
        return r;
    }

    /// <summary>The values of <paramref name="a"/> as doubles with its shape as an int array.</summary>
    public static (double[] V, int[] S) Of(NDArray a) => (a.ToArray<double>(), a.Shape.ToArray());

    /// <summary>Asserts <paramref name="actual"/> has <paramref name="shape"/> and exactly <paramref name="expected"/> values.</summary>
    public static void Equal(int[] shape, double[] expected, NDArray actual, string what = "")
    {
        Assert.Equal(new Shape(shape), actual.Shape);
        // Data movement is exact; the tolerance only absorbs float32 rounding of the float64 reference.
        Check.Close(expected, actual.ToArray<double>(), 1e-7, 0, what);
    }
}
