using System.Numerics.Tensors;

namespace Gluon.Bench.Compare;

/// <summary>
/// Bandwidth-bound ops on 1M floats and a row softmax: ours through the whole dispatcher
/// (inference, pooled output, kernel, Dispose) against TensorPrimitives on preallocated arrays
/// (one thread: TensorPrimitives does not thread).
/// </summary>
internal static class ElementwiseSection
{
    private const int N = 1 << 20, Rows = 1024, Cols = 1024;

    public static void Run(ResultTable t, SideBySide sb)
    {
        t.Section("Elementwise and reductions, 1M floats (ours: Nd ops incl. dispatch and allocation)", "TensorPrimitives", flops: false);
        var a = Nd.Random.Uniform(-1, 1, new Shape(N));
        var b = Nd.Random.Uniform(-1, 1, new Shape(N));
        var m = Nd.Random.Uniform(-4, 4, new Shape(Rows, Cols));
        float[] fa = a.ToArray<float>(), fb = b.ToArray<float>(), fm = m.ToArray<float>(), fo = new float[N];

        Row(t, sb, "add", () => (a + b).Dispose(), () => TensorPrimitives.Add(fa, fb, fo),
            Diff((a + b).ToArray<float>(), Do(() => TensorPrimitives.Add(fa, fb, fo), fo)));
        Row(t, sb, "relu", () => Nd.Relu(a).Dispose(), () => TensorPrimitives.Max(fa, 0f, fo),
            Diff(Nd.Relu(a).ToArray<float>(), Do(() => TensorPrimitives.Max(fa, 0f, fo), fo)));
        Row(t, sb, "exp", () => Nd.Exp(a).Dispose(), () => TensorPrimitives.Exp(fa, fo),
            Diff(Nd.Exp(a).ToArray<float>(), Do(() => TensorPrimitives.Exp(fa, fo), fo)));
        float tpSum = 0;
        Row(t, sb, "sum (all)", () => Nd.Sum(a).Dispose(), () => tpSum = TensorPrimitives.Sum(fa),
            Math.Abs(Nd.Sum(a).AsScalar<float>() - TensorPrimitives.Sum(fa)));
        Row(t, sb, $"softmax rows ({Rows}×{Cols}, axis -1)", () => Nd.Softmax(m).Dispose(), () => SoftmaxRows(fm, fo),
            Diff(Nd.Softmax(m).ToArray<float>(), Do(() => SoftmaxRows(fm, fo), fo)));
        GC.KeepAlive(tpSum);
    }

    private static void SoftmaxRows(float[] x, float[] y)
    {
        for (int r = 0; r < Rows; r++)
            TensorPrimitives.SoftMax(x.AsSpan(r * Cols, Cols), y.AsSpan(r * Cols, Cols));
    }

    private static float[] Do(Action a, float[] result)
    {
        a();
        return result;
    }

    private static double Diff(float[] x, float[] y)
    {
        double d = 0;
        for (int i = 0; i < x.Length; i++) d = Math.Max(d, Math.Abs(x[i] - y[i]));
        return d;
    }

    private static void Row(ResultTable t, SideBySide sb, string name, Action ours, Action theirs, double diff)
    {
        var ms = sb.Measure(ours, theirs);
        t.Row(name, ms[0], ms[1], note: $"max abs diff {diff:G2}");
    }
}
