using Gluon.Ops.Definitions;

namespace Gluon.Tests;

/// <summary>Plain-loop references and input builders for the indexing tests.</summary>
public static class IndexingRef
{
    /// <summary>A float64 array with the given values and shape.</summary>
    public static NDArray Arr(double[] v, params int[] shape) => Nd.Array<double>(v, new Shape(shape));

    /// <summary>An index array of <paramref name="dtype"/> holding <paramref name="v"/>.</summary>
    public static NDArray Idx(double[] v, DType dtype, params int[] shape)
    {
        var a = Nd.Array<double>(v, new Shape(shape));
        return dtype == DType.Float64 ? a : a.AsType(dtype);
    }

    /// <summary>Random integers in [lo, hi] as doubles.</summary>
    public static double[] RandInts(int n, int lo, int hi, int seed)
    {
        var r = new Random(seed);
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.Next(lo, hi + 1);
        return v;
    }

    /// <summary>MXNet's index mapping, written independently of the kernels.</summary>
    public static long Map(double v, int n, IndexMode mode)
    {
        long j = (long)Math.Truncate(v);
        return mode switch
        {
            IndexMode.Clip => Math.Clamp(j, 0, n - 1),
            IndexMode.Wrap => ((j % n) + n) % n,
            _ => j < 0 ? j + n : j,
        };
    }

    /// <summary>Product of dims in [s, e).</summary>
    public static int Prod(int[] d, int s, int e)
    {
        int p = 1;
        for (int i = s; i < e; i++) p *= d[i];
        return p;
    }

    /// <summary>take along axis by loops.</summary>
    public static double[] Take(double[] a, int[] shape, int axis, double[] idx, IndexMode mode)
    {
        int outer = Prod(shape, 0, axis), n = shape[axis], inner = Prod(shape, axis + 1, shape.Length);
        var r = new double[outer * idx.Length * inner];
        for (int o = 0; o < outer; o++)
            for (int k = 0; k < idx.Length; k++)
            {
                long j = Map(idx[k], n, mode);
                for (int i = 0; i < inner; i++)
                    r[(o * idx.Length + k) * inner + i] = a[(o * n + j) * inner + i];
            }
        return r;
    }

    /// <summary>The adjoint of take: scatter-add of g into zeros of shape.</summary>
    public static double[] TakeAdd(double[] g, int[] shape, int axis, double[] idx, IndexMode mode)
    {
        int outer = Prod(shape, 0, axis), n = shape[axis], inner = Prod(shape, axis + 1, shape.Length);
        var r = new double[Prod(shape, 0, shape.Length)];
        for (int o = 0; o < outer; o++)
            for (int k = 0; k < idx.Length; k++)
            {
                long j = Map(idx[k], n, mode);
                for (int i = 0; i < inner; i++)
                    r[(o * n + j) * inner + i] += g[(o * idx.Length + k) * inner + i];
            }
        return r;
    }

    /// <summary>pick along axis by loops (index laid out as data without the axis).</summary>
    public static double[] Pick(double[] a, int[] shape, int axis, double[] idx, IndexMode mode)
    {
        int outer = Prod(shape, 0, axis), n = shape[axis], inner = Prod(shape, axis + 1, shape.Length);
        var r = new double[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
                r[o * inner + i] = a[(o * n + Map(idx[o * inner + i], n, mode)) * inner + i];
        return r;
    }

    /// <summary>gather_nd by loops: indices (M, N) flattened, data shape.</summary>
    public static double[] GatherNd(double[] data, int[] shape, double[] idx, int m)
    {
        int count = idx.Length / m, k = Prod(shape, m, shape.Length);
        var r = new double[count * k];
        for (int i = 0; i < count; i++)
        {
            long off = 0;
            for (int d = 0; d < m; d++)
            {
                long v = (long)idx[d * count + i];
                off = off * shape[d] + (v < 0 ? v + shape[d] : v);
            }
            for (int q = 0; q < k; q++) r[i * k + q] = data[off * k + q];
        }
        return r;
    }

    /// <summary>scatter (add or overwrite) by loops into zeros of shape.</summary>
    public static double[] ScatterNd(double[] data, int[] shape, double[] idx, int m, bool add)
    {
        int count = idx.Length / m, k = Prod(shape, m, shape.Length);
        var r = new double[Prod(shape, 0, shape.Length)];
        for (int i = 0; i < count; i++)
        {
            long off = 0;
            for (int d = 0; d < m; d++)
            {
                long v = (long)idx[d * count + i];
                off = off * shape[d] + (v < 0 ? v + shape[d] : v);
            }
            for (int q = 0; q < k; q++)
            {
                if (add) r[off * k + q] += data[i * k + q];
                else r[off * k + q] = data[i * k + q];
            }
        }
        return r;
    }
}
