using Gluon.Ops;

namespace Gluon.Tests.Ops;

public class LinalgTests
{
    public static TheoryData<int[], int[], bool, bool, int[]> DotCases() => new()
    {
        { [3], [3], false, false, [1] },
        { [1], [1], false, false, [1] },
        { [0], [0], false, false, [1] },
        { [7], [7, 17], false, false, [17] },
        { [7], [17, 7], false, true, [17] },
        { [17, 7], [7], false, false, [17] },
        { [7, 17], [7], true, false, [17] },
        { [7], [7, 1], false, false, [1] },
        { [1, 1], [1, 1], false, false, [1, 1] },
        { [7, 17], [17, 33], false, false, [7, 33] },
        { [17, 7], [17, 33], true, false, [7, 33] },
        { [7, 17], [33, 17], false, true, [7, 33] },
        { [17, 7], [33, 17], true, true, [7, 33] },
        { [65, 1], [1, 65], false, false, [65, 65] },
        { [1, 65], [65, 1], false, false, [1, 1] },
        { [0, 5], [5, 3], false, false, [0, 3] },
        { [4, 0], [0, 3], false, false, [4, 3] },
        { [2, 3, 4], [4, 5], false, false, [2, 3, 5] },
        { [2, 3, 4], [4, 5, 6], false, false, [2, 3, 5, 6] },
        { [4, 2, 3], [4, 5], true, false, [2, 3, 5] },
        { [2, 3, 4], [5, 6, 4], false, true, [2, 3, 5, 6] },
        { [4, 2, 3], [5, 6, 4], true, true, [2, 3, 5, 6] },
        { [3, 4], [4, 2, 5], false, false, [3, 2, 5] },
        { [4], [4, 2, 5], false, false, [2, 5] },
        { [2, 5, 4], [4], false, false, [2, 5] },
    };

    [Theory]
    [MemberData(nameof(DotCases))]
    public void DotMatchesReference(int[] ls, int[] rs, bool ta, bool tb, int[] outShape)
    {
        var a = Check.Rand(NnRef.Prod(ls), 1);
        var b = Check.Rand(NnRef.Prod(rs), 2);
        var expected = NnRef.Dot(a, ls, b, rs, ta, tb, out _, out _);
        var A = Nd.Array<double>(a, new Shape(ls));
        var B = Nd.Array<double>(b, new Shape(rs));
        var y = Nd.Dot(A, B, ta, tb);
        Assert.Equal(new Shape(outShape), y.Shape);
        Check.Close(y, expected, 1e-12, 1e-12, "dot float64");
        var y32 = Nd.Dot(A.AsType(DType.Float32), B.AsType(DType.Float32), ta, tb);
        Assert.Equal(DType.Float32, y32.DType);
        Check.Close(y32, expected, 1e-5, 1e-5, "dot float32");
        Check.Close(A.Dot(B, ta, tb), expected, 1e-12, 1e-12, "NDArray.Dot");
    }

    [Theory]
    [MemberData(nameof(DotCases))]
    public void DotGradient(int[] ls, int[] rs, bool ta, bool tb, int[] outShape)
    {
        _ = outShape;
        if (NnRef.Prod(ls) * NnRef.Prod(rs) > 4000) return; // keep the finite-difference loops short
        var A = Check.RandArray(new Shape(ls), 3);
        var B = Check.RandArray(new Shape(rs), 4);
        Check.NumericGradient(x => Nd.Dot(x[0], x[1], ta, tb), [A, B]);
    }

    [Fact]
    public void DotIntegerInputsRunThroughFloat()
    {
        var a = Nd.Array(new int[,] { { 1, 2 }, { 3, 4 } });
        var y = Nd.Dot(a, a);
        Assert.Equal(DType.Int32, y.DType);
        Assert.Equal(new[] { 7, 10, 15, 22 }, y.ToArray<int>());
    }

    [Fact]
    public void DotErrorsNameOpAndShapes()
    {
        Check.Throws<ArgumentException>(() => Nd.Dot(Nd.Zeros(2, 3), Nd.Zeros(4, 5)), "dot", "(2, 3)", "(4, 5)");
        Check.Throws<ArgumentException>(() => Nd.Dot(Nd.Zeros(2, 3), Nd.Zeros(2, 5), transposeB: true), "dot", "(2, 3)", "(2, 5)");
        Check.Throws<ArgumentException>(() => Nd.Dot(Nd.Zeros(3), Nd.Zeros(4)), "dot", "(3,)", "(4,)");
        Check.Throws<ArgumentException>(() => Nd.Dot(Nd.Zeros(3), Nd.Zeros(3), transposeA: true), "dot", "transpose");
        Check.Throws<ArgumentException>(() => Nd.Dot(Nd.Zeros(new Shape()), Nd.Zeros(3)), "dot", "()", "(3,)");
        Check.Throws<ArgumentException>(() => Nd.Dot(Nd.Zeros(2, 3), Nd.Zeros(new Shape(3, 2), DType.Float64)), "dot", "float32", "float64");
    }

    public static TheoryData<int, int, int, int, bool, bool> BatchDotCases()
    {
        var d = new TheoryData<int, int, int, int, bool, bool>();
        foreach (var (bs, m, n, k) in new[] { (1, 1, 1, 1), (3, 7, 5, 17), (2, 17, 33, 7), (4, 1, 65, 3), (0, 2, 3, 4), (2, 0, 3, 4), (2, 3, 4, 0) })
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                    d.Add(bs, m, n, k, ta, tb);
        return d;
    }

    [Theory]
    [MemberData(nameof(BatchDotCases))]
    public void BatchDotMatchesReference(int bs, int m, int n, int k, bool ta, bool tb)
    {
        int[] ls = ta ? [bs, k, m] : [bs, m, k], rs = tb ? [bs, n, k] : [bs, k, n];
        var a = Check.Rand(NnRef.Prod(ls), 5);
        var b = Check.Rand(NnRef.Prod(rs), 6);
        var expected = new double[bs * m * n];
        for (int i = 0; i < bs; i++)
        {
            var c = NnRef.Dot(a[(i * m * k)..((i + 1) * m * k)], ls[1..], b[(i * k * n)..((i + 1) * k * n)], rs[1..], ta, tb, out _, out _);
            c.CopyTo(expected, i * m * n);
        }
        var A = Nd.Array<double>(a, new Shape(ls));
        var B = Nd.Array<double>(b, new Shape(rs));
        var y = Nd.BatchDot(A, B, ta, tb);
        Assert.Equal(new Shape(bs, m, n), y.Shape);
        Check.Close(y, expected, 1e-12, 1e-12, "batch_dot");
        Check.Close(Nd.BatchDot(A.AsType(DType.Float32), B.AsType(DType.Float32), ta, tb), expected, 1e-5, 1e-5, "batch_dot float32");
        if (bs * m * n * k <= 3 * 7 * 5 * 17)
            Check.NumericGradient(x => Nd.BatchDot(x[0], x[1], ta, tb), [A, B]);
    }

    [Fact]
    public void BatchDotErrorsNameOpAndShapes()
    {
        Check.Throws<ArgumentException>(() => Nd.BatchDot(Nd.Zeros(2, 3), Nd.Zeros(3, 2)), "batch_dot", "(2, 3)", "(3, 2)");
        Check.Throws<ArgumentException>(() => Nd.BatchDot(Nd.Zeros(2, 3, 4), Nd.Zeros(3, 4, 5)), "batch_dot", "(2, 3, 4)", "(3, 4, 5)");
        Check.Throws<ArgumentException>(() => Nd.BatchDot(Nd.Zeros(2, 3, 4), Nd.Zeros(2, 5, 6)), "batch_dot", "(2, 3, 4)", "(2, 5, 6)");
        Check.Throws<ArgumentException>(() => Nd.BatchDot(Nd.Zeros(2, 3, 4), Nd.Zeros(1, 2, 4, 5)), "batch_dot", "(2, 3, 4)", "(1, 2, 4, 5)");
        Check.Throws<ArgumentException>(() => Nd.BatchDot(Nd.Zeros(2, 3, 3, 4), Nd.Zeros(2, 2, 4, 5)), "batch_dot", "(2, 3, 3, 4)", "(2, 2, 4, 5)");
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void BatchDotOnFourAxesTreatsLeadingAxesAsBatch(bool ta, bool tb)
    {
        int[] ls = ta ? [2, 3, 5, 7] : [2, 3, 7, 5], rs = tb ? [2, 3, 4, 5] : [2, 3, 5, 4];
        var a = Check.Rand(NnRef.Prod(ls), 15);
        var b = Check.Rand(NnRef.Prod(rs), 16);
        var expected = new double[6 * 7 * 4];
        for (int i = 0; i < 6; i++)
            NnRef.Dot(a[(i * 35)..((i + 1) * 35)], ls[2..], b[(i * 20)..((i + 1) * 20)], rs[2..], ta, tb, out _, out _).CopyTo(expected, i * 28);
        var A = Nd.Array<double>(a, new Shape(ls));
        var B = Nd.Array<double>(b, new Shape(rs));
        var y = Nd.BatchDot(A, B, ta, tb);
        Assert.Equal(new Shape(2, 3, 7, 4), y.Shape);
        Check.Close(y, expected, 1e-12, 1e-12);
        Check.NumericGradient(x => Nd.BatchDot(x[0], x[1], ta, tb), [A, B]);
    }

    private static double[] RefFullyConnected(double[] x, int rows, int inUnits, double[] w, int h, double[]? b)
    {
        var y = new double[rows * h];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < h; j++)
            {
                double s = b?[j] ?? 0;
                for (int p = 0; p < inUnits; p++) s += x[r * inUnits + p] * w[j * inUnits + p];
                y[r * h + j] = s;
            }
        return y;
    }

    public static TheoryData<int[], int, bool, bool, int[]> FcCases() => new()
    {
        { [4, 3, 2, 2], 7, true, false, [4, 7] },
        { [1, 1], 1, true, false, [1, 1] },
        { [17, 33], 65, true, false, [17, 65] },
        { [17, 33], 65, true, true, [17, 65] },
        { [0, 5], 3, true, false, [0, 3] },
        { [3, 0], 2, true, false, [3, 2] },
        { [5], 3, true, false, [5, 3] },
        { [2, 3, 5], 7, false, false, [2, 3, 7] },
        { [2, 3, 5], 7, false, true, [2, 3, 7] },
        { [7], 16, false, false, [16] },
    };

    [Theory]
    [MemberData(nameof(FcCases))]
    public void FullyConnectedMatchesReference(int[] ds, int h, bool flatten, bool noBias, int[] outShape)
    {
        var shape = new Shape(ds);
        int rows = flatten ? ds[0] : NnRef.Prod(ds[..^1]);
        int inUnits = flatten ? NnRef.Prod(ds[1..]) : ds[^1];
        var x = Check.Rand(shape.Size, 7);
        var w = Check.Rand(h * inUnits, 8);
        var b = noBias ? null : Check.Rand(h, 9);
        var expected = RefFullyConnected(x, rows, inUnits, w, h, b);
        var X = Nd.Array<double>(x, shape);
        var W = Nd.Array<double>(w, new Shape(h, inUnits));
        var B = b is null ? null : Nd.Array<double>(b);
        var y = Nd.FullyConnected(X, W, B, h, noBias, flatten);
        Assert.Equal(new Shape(outShape), y.Shape);
        Check.Close(y, expected, 1e-12, 1e-12, "FullyConnected");
        var y32 = Nd.FullyConnected(X.AsType(DType.Float32), W.AsType(DType.Float32), B?.AsType(DType.Float32), h, noBias, flatten);
        Check.Close(y32, expected, 1e-5, 1e-5, "FullyConnected float32");
        if (noBias) Check.NumericGradient(v => Nd.FullyConnected(v[0], v[1], null, h, true, flatten), [X, W]);
        else Check.NumericGradient(v => Nd.FullyConnected(v[0], v[1], v[2], h, false, flatten), [X, W, B!]);
    }

    /// <summary>
    /// A first layer's data needs no gradient, so backward skips its product; the weight and
    /// bias gradients equal those of a run where the data has a gradient, and match gᵀ·x and Σg.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FullyConnectedSkipsTheDataGradientNobodyNeeds(bool dataGrad)
    {
        var x = Check.RandArray(new Shape(5, 2, 3), 81);
        var w = Check.RandArray(new Shape(4, 6), 82);
        var b = Check.RandArray(new Shape(4), 83);
        var og = Check.RandArray(new Shape(5, 4), 84);
        if (dataGrad) x.AttachGrad();
        w.AttachGrad(); b.AttachGrad();
        using (Autograd.Record()) Nd.FullyConnected(x, w, b, 4).Backward(og);
        double[] xv = x.ToArray<double>(), wv = w.ToArray<double>(), gv = og.ToArray<double>();
        var dw = new double[24];
        var db = new double[4];
        var dx = new double[30];
        for (int r = 0; r < 5; r++)
            for (int h = 0; h < 4; h++)
            {
                db[h] += gv[r * 4 + h];
                for (int i = 0; i < 6; i++)
                {
                    dw[h * 6 + i] += gv[r * 4 + h] * xv[r * 6 + i];
                    dx[r * 6 + i] += gv[r * 4 + h] * wv[h * 6 + i];
                }
            }
        Check.Close(w.Grad!, dw, 1e-12, 1e-12);
        Check.Close(b.Grad!, db, 1e-12, 1e-12);
        if (dataGrad) Check.Close(x.Grad!, dx, 1e-12, 1e-12);
        else Assert.Null(x.Grad);
    }

    [Fact]
    public void FullyConnectedInfersWeightAndBiasShapes()
    {
        var op = OpRegistry.Get("FullyConnected");
        var p = op.Parse(new OpAttrs { { "num_hidden", 10 } });
        var r = op.InferInputShapes(p, [new Shape(4, 3, 5), null, null]);
        Assert.Equal(new Shape(10, 15), r[1]);
        Assert.Equal(new Shape(10), r[2]);
        var p2 = op.Parse(new OpAttrs { { "num_hidden", 10 }, { "flatten", false }, { "no_bias", true } });
        Assert.Equal(["data", "weight"], op.InputNames(p2));
        var r2 = op.InferInputShapes(p2, [new Shape(4, 3, 5), null]);
        Assert.Equal(new Shape(10, 5), r2[1]);
        var r3 = op.InferInputShapes(p, [null, null, null]);
        Assert.Null(r3[1]);
        Assert.Equal(new Shape(10), r3[2]);
    }

    [Fact]
    public void FullyConnectedErrorsNameOpAndShapes()
    {
        Check.Throws<ArgumentException>(() => Nd.FullyConnected(Nd.Zeros(4, 5), Nd.Zeros(7, 6), Nd.Zeros(7), 7), "FullyConnected", "(7, 6)", "(4, 5)");
        Check.Throws<ArgumentException>(() => Nd.FullyConnected(Nd.Zeros(4, 5), Nd.Zeros(8, 5), Nd.Zeros(8), 7), "FullyConnected", "(8, 5)", "(4, 5)");
        Check.Throws<ArgumentException>(() => Nd.FullyConnected(Nd.Zeros(4, 5), Nd.Zeros(7, 5), Nd.Zeros(6), 7), "FullyConnected", "bias", "(6,)");
        Check.Throws<ArgumentException>(() => Nd.FullyConnected(Nd.Zeros(4, 5), Nd.Zeros(0, 5), null, 0, noBias: true), "FullyConnected", "num_hidden");
        Check.Throws<ArgumentException>(() => Imperative.Invoke1("FullyConnected", new OpAttrs(), Nd.Zeros(4, 5), Nd.Zeros(7, 5), Nd.Zeros(7)), "FullyConnected", "num_hidden");
    }

    [Fact]
    public void LargeProductsUseTheParallelPaths()
    {
        int rows = 300, inUnits = 129, h = 257;
        var x = Check.Rand(rows * inUnits, 41);
        var w = Check.Rand(h * inUnits, 42);
        var b = Check.Rand(h, 43);
        var y = Nd.FullyConnected(Nd.Array<double>(x, new Shape(rows, inUnits)).AsType(DType.Float32),
            Nd.Array<double>(w, new Shape(h, inUnits)).AsType(DType.Float32), Nd.Array<double>(b).AsType(DType.Float32), h);
        Check.Close(y, RefFullyConnected(x, rows, inUnits, w, h, b), 1e-4, 1e-4, "FullyConnected");

        int bs = 16, m = 33, n = 17, k = 65;
        var a = Check.Rand(bs * m * k, 44);
        var c = Check.Rand(bs * k * n, 45);
        var expected = new double[bs * m * n];
        for (int i = 0; i < bs; i++)
            NnRef.Dot(a[(i * m * k)..((i + 1) * m * k)], [m, k], c[(i * k * n)..((i + 1) * k * n)], [k, n], false, false, out _, out _)
                .CopyTo(expected, i * m * n);
        Check.Close(Nd.BatchDot(Nd.Array<double>(a, new Shape(bs, m, k)), Nd.Array<double>(c, new Shape(bs, k, n))), expected, 1e-12, 1e-12, "batch_dot");
    }
}
