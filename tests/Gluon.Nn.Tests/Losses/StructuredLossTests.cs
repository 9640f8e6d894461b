using Gluon.Losses;
using static Gluon.Tests.Losses.LossRef;

namespace Gluon.Tests.Losses;

/// <summary>
/// Losses that reduce over a class axis or across rows (softmax cross-entropy, CTC, triplet,
/// Poisson, cosine embedding, SDML): each against a reference written out here, plus a
/// finite-difference gradient check with respect to the prediction.
/// </summary>
public class StructuredLossTests
{
    private static double[] LogSoftmaxRows(double[] v, int rows, int cols)
    {
        var r = new double[v.Length];
        for (int i = 0; i < rows; i++)
        {
            double m = double.NegativeInfinity, s = 0;
            for (int j = 0; j < cols; j++) m = Math.Max(m, v[i * cols + j]);
            for (int j = 0; j < cols; j++) s += Math.Exp(v[i * cols + j] - m);
            for (int j = 0; j < cols; j++) r[i * cols + j] = v[i * cols + j] - m - Math.Log(s);
        }
        return r;
    }

    [Fact]
    public void SoftmaxCrossEntropySparseAndDense()
    {
        int n = 4, k = 5;
        var p = Check.Rand(n * k, 1, -2, 2);
        var pred = Nd.Array<double>(p, new Shape(n, k));
        int[] cls = [3, 0, 4, 1];
        var label = Nd.Array<double>(cls.Select(v => (double)v).ToArray());
        var lp = LogSoftmaxRows(p, n, k);
        var expected = cls.Select((c, i) => -lp[i * k + c]).ToArray();
        var loss = new SoftmaxCrossEntropyLoss();
        Check.Close(loss.Call(pred, label), expected, 1e-9, 1e-12);
        Check.NumericGradient(v => loss.Call(v[0], label), [pred]);

        var sw = Nd.Array<double>([1, 0.5, 2, 0], new Shape(n, 1));
        Check.Close(new SoftmaxCELoss(weight: 3).Call(pred, label, sw), expected.Select((v, i) => v * 3 * new[] { 1, 0.5, 2, 0 }[i]).ToArray(), 1e-9, 1e-12);

        // Dense labels: a distribution per row.
        var q = Check.Rand(n * k, 2, 0, 1);
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < k; j++) s += q[i * k + j];
            for (int j = 0; j < k; j++) q[i * k + j] /= s;
        }
        var dense = new SoftmaxCrossEntropyLoss(sparseLabel: false);
        var expDense = Enumerable.Range(0, n).Select(i => -Enumerable.Range(0, k).Sum(j => q[i * k + j] * lp[i * k + j])).ToArray();
        var qArr = Nd.Array<double>(q, new Shape(n, k));
        Check.Close(dense.Call(pred, qArr), expDense, 1e-9, 1e-12);
        Check.NumericGradient(v => dense.Call(v[0], qArr), [pred]);

        // from_logits takes pred as log-probabilities.
        var logits = new SoftmaxCrossEntropyLoss(fromLogits: true);
        Check.Close(logits.Call(pred, label), cls.Select((c, i) => -p[i * k + c]).ToArray(), 1e-12);
    }

    [Fact]
    public void SoftmaxCrossEntropyOnAnotherAxis()
    {
        // pred (2, 5, 3) with classes on axis 1; label (2, 3); output averaged over the 3 positions.
        int b = 2, k = 5, t = 3;
        var p = Check.Rand(b * k * t, 4, -1, 1);
        var pred = Nd.Array<double>(p, new Shape(b, k, t));
        var lab = new double[] { 0, 4, 2, 1, 1, 3 };
        var loss = new SoftmaxCrossEntropyLoss(axis: 1);
        var expected = new double[b];
        for (int i = 0; i < b; i++)
            for (int j = 0; j < t; j++)
            {
                double m = double.NegativeInfinity, s = 0;
                for (int c = 0; c < k; c++) m = Math.Max(m, p[(i * k + c) * t + j]);
                for (int c = 0; c < k; c++) s += Math.Exp(p[(i * k + c) * t + j] - m);
                int y = (int)lab[i * t + j];
                expected[i] += -(p[(i * k + y) * t + j] - m - Math.Log(s)) / t;
            }
        var label = Nd.Array<double>(lab, new Shape(b, t));
        Check.Close(loss.Call(pred, label), expected, 1e-9, 1e-12);
        Check.NumericGradient(v => loss.Call(v[0], label), [pred]);
    }

    [Fact]
    public void CtcLossMatchesMXNetTestValues()
    {
        // test_loss.py test_ctc_loss: every layout and length combination gives these values.
        double[] expected = [18.82820702, 16.50581741];
        var labelsNT = Nd.Array(new float[,] { { 1, 0, -1, -1 }, { 2, 1, 1, -1 } });
        Check.Close(new CTCLoss().Call(Nd.Ones(2, 20, 4), labelsNT), expected, 1e-5);
        Check.Close(new CTCLoss(layout: "TNC").Call(Nd.Ones(20, 2, 4), labelsNT), expected, 1e-5);
        Check.Close(new CTCLoss(layout: "TNC", labelLayout: "TN").Call(Nd.Ones(20, 2, 4), labelsNT.T), expected, 1e-5);
        Check.Close(new CTCLoss().CallMulti(Nd.Ones(2, 20, 4), Nd.Array(new float[,] { { 2, 1, 2, 2 }, { 3, 2, 2, 2 } }), null,
            Nd.Array(new float[] { 2, 3 }))[0], expected, 1e-5);
        Check.Close(new CTCLoss().Call(Nd.Ones(2, 25, 4), Nd.Array(new float[,] { { 2, 1, -1, -1 }, { 3, 2, 2, -1 } }),
            Nd.Array(new float[] { 20, 20 })), expected, 1e-5);
        Check.Close(new CTCLoss().CallMulti(Nd.Ones(2, 25, 4), Nd.Array(new float[,] { { 2, 1, 3, 3 }, { 3, 2, 2, 3 } }),
            Nd.Array(new float[] { 20, 20 }), Nd.Array(new float[] { 2, 3 }))[0], expected, 1e-5);
        // Weights multiply the per-sample loss (no averaging).
        Check.Close(new CTCLoss(weight: 2).CallMulti(Nd.Ones(2, 20, 4), labelsNT, null, null, Nd.Array(new float[] { 1, 0.5f }))[0],
            [2 * expected[0], expected[1]], 1e-5);
        Check.Throws<ArgumentException>(() => new CTCLoss(layout: "NCT"), "Only 'NTC' and 'TNC'");
    }

    [Fact]
    public void CtcLossGradient()
    {
        var pred = Check.RandArray(new Shape(2, 6, 4), 8);
        var label = Nd.Array(new float[,] { { 0, 2, 2 }, { 1, -1, -1 } });
        var loss = new CTCLoss();
        Check.NumericGradient(v => loss.Call(v[0], label), [pred]);
    }

    [Fact]
    public void TripletLossSumsOverFeatures()
    {
        int n = 3, d = 4;
        var p = Check.Rand(n * d, 1);
        var pos = Check.Rand(n * d, 2);
        var neg = Check.Rand(n * d, 3);
        var expected = Enumerable.Range(0, n).Select(i => Math.Max(0,
            Enumerable.Range(0, d).Sum(j => Math.Pow(pos[i * d + j] - p[i * d + j], 2) - Math.Pow(neg[i * d + j] - p[i * d + j], 2)) + 0.3)).ToArray();
        var arr = (double[] v) => Nd.Array<double>(v, new Shape(n, d));
        var loss = new TripletLoss(margin: 0.3);
        Check.Close(loss.Call(arr(p), arr(pos), arr(neg)), expected, 1e-9, 1e-12);
        Check.Close(new TripletLoss(0.3, weight: 2).CallMulti(arr(p), arr(pos), arr(neg), Nd.Array<double>([1, 0, 3]))[0],
            expected.Select((v, i) => v * 2 * new[] { 1.0, 0, 3 }[i]).ToArray(), 1e-9, 1e-12);
        Check.NumericGradient(v => loss.Call(v[0], v[1], v[2]), [arr(p), arr(pos), arr(neg)]);
        Check.Throws<ArgumentException>(() => loss.Call(arr(p), arr(pos)), "TripletLoss", "pred, positive, negative");
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public void PoissonNllIsAScalarMean(bool fromLogits, bool computeFull)
    {
        var p = fromLogits ? Check.Rand(8, 1, -1, 1) : Check.Rand(8, 1, 0.1, 3);
        double[] t = [0, 1, 2, 3, 5, 0, 4, 1.5];
        var expected = p.Select((v, i) =>
        {
            double l = fromLogits ? Math.Exp(v) - t[i] * v : v - t[i] * Math.Log(v + 1e-8);
            if (computeFull && t[i] > 1) l += t[i] * Math.Log(t[i]) - t[i] + 0.5 * Math.Log(2 * Math.PI * t[i]);
            return l;
        }).Average();
        var pred = Nd.Array<double>(p, new Shape(4, 2));
        var target = Nd.Array<double>(t, new Shape(4, 2));
        var loss = new PoissonNLLLoss(fromLogits: fromLogits, computeFull: computeFull);
        var r = loss.Call(pred, target);
        Assert.Equal(1, r.Size);
        Check.Close(r, [expected], 1e-9, 1e-12);
        Check.NumericGradient(v => loss.Call(v[0], target), [pred]);

        // Weighted elements before the mean: sample weight per row (4, 1) and weight 2.
        double[] sw = [1, 0, 2, 0.5];
        var weighted = p.Select((v, i) =>
        {
            double l = fromLogits ? Math.Exp(v) - t[i] * v : v - t[i] * Math.Log(v + 1e-8);
            if (computeFull && t[i] > 1) l += t[i] * Math.Log(t[i]) - t[i] + 0.5 * Math.Log(2 * Math.PI * t[i]);
            return l * sw[i / 2] * 2;
        }).Average();
        var wl = new PoissonNLLLoss(weight: 2, fromLogits: fromLogits, computeFull: computeFull);
        Check.Close(wl.Call(pred, target, Nd.Array<double>(sw, new Shape(4, 1))), [weighted], 1e-9, 1e-12);
    }

    [Fact]
    public void CosineEmbeddingLossPerRow()
    {
        int n = 4, d = 3;
        var a = Check.Rand(n * d, 1);
        var b = Check.Rand(n * d, 2);
        double[] label = [1, -1, 1, -1];
        double margin = 0.1;
        var expected = Enumerable.Range(0, n).Select(i =>
        {
            double dot = 0, na = 0, nb = 0;
            for (int j = 0; j < d; j++) { dot += a[i * d + j] * b[i * d + j]; na += a[i * d + j] * a[i * d + j]; nb += b[i * d + j] * b[i * d + j]; }
            double cos = dot / Math.Max(Math.Sqrt(na) * Math.Sqrt(nb), 1e-12);
            return label[i] == 1 ? 1 - cos : Math.Max(0, cos - margin);
        }).ToArray();
        var loss = new CosineEmbeddingLoss(margin: margin);
        var x1 = Nd.Array<double>(a, new Shape(n, d));
        var x2 = Nd.Array<double>(b, new Shape(n, d));
        var lab = Nd.Array<double>(label);
        var r = loss.Call(x1, x2, lab);
        Assert.Equal(new Shape(n, 1), r.Shape);
        Check.Close(r, expected, 1e-9, 1e-12);
        var sw = Nd.Array<double>([2, 1, 0, 1], new Shape(n, 1));
        Check.Close(new CosineEmbeddingLoss(weight: 0.5, margin: margin).CallMulti(x1, x2, lab, sw)[0],
            expected.Select((v, i) => v * 0.5 * new[] { 2.0, 1, 0, 1 }[i]).ToArray(), 1e-9, 1e-12);
        Check.NumericGradient(v => loss.Call(v[0], v[1], lab), [x1, x2]);
    }

    [Fact]
    public void SdmlLossIsKlOfSoftmaxDistances()
    {
        int n = 4, d = 3;
        double s = 0.3;
        var a = Check.Rand(n * d, 1);
        var b = Check.Rand(n * d, 2);
        var expected = new double[n];
        for (int i = 0; i < n; i++)
        {
            var negD = new double[n];
            for (int j = 0; j < n; j++)
                negD[j] = -Enumerable.Range(0, d).Sum(k => Math.Pow(a[i * d + k] - b[j * d + k], 2));
            var lp = LogSoftmaxRows(negD, 1, n);
            for (int j = 0; j < n; j++)
            {
                double y = i == j ? 1 - s : s / (n - 1);
                expected[i] += y * (Math.Log(y + 1e-12) - lp[j]);
            }
        }
        var loss = new SDMLLoss(s);
        var x1 = Nd.Array<double>(a, new Shape(n, d));
        var x2 = Nd.Array<double>(b, new Shape(n, d));
        Check.Close(loss.Call(x1, x2), expected, 1e-9, 1e-12);
        Check.NumericGradient(v => loss.Call(v[0], v[1]), [x1, x2]);
        Assert.Equal("kl_loss", Assert.Single(loss.Children).Key);
        Check.Throws<ArgumentException>(() => loss.Call(x1, Nd.Ones(new Shape(3, 3), DType.Float64)), "SDMLLoss", "(4, 3)", "(3, 3)");
    }
}
