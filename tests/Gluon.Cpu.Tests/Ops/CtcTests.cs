namespace Gluon.Tests.Ops;

public class CtcTests
{
    /// <summary>−log p(label | x) by summing every path of the (T, C) grid whose collapse is the label.</summary>
    private static double BruteForce(double[] x, int tMax, int n, int classes, int b, int tb, int[] label, int blank)
    {
        var prob = new double[tb, classes];
        for (int t = 0; t < tb; t++)
        {
            double sum = 0;
            for (int k = 0; k < classes; k++) sum += Math.Exp(x[(t * n + b) * classes + k]);
            for (int k = 0; k < classes; k++) prob[t, k] = Math.Exp(x[(t * n + b) * classes + k]) / sum;
        }
        double total = 0;
        var path = new int[tb];
        int count = (int)Math.Pow(classes, tb);
        for (int code = 0; code < count; code++)
        {
            int c = code;
            for (int t = 0; t < tb; t++) { path[t] = c % classes; c /= classes; }
            var collapsed = new List<int>();
            for (int t = 0; t < tb; t++)
                if (path[t] != blank && (t == 0 || path[t] != path[t - 1])) collapsed.Add(path[t]);
            if (!collapsed.SequenceEqual(label)) continue;
            double pr = 1;
            for (int t = 0; t < tb; t++) pr *= prob[t, path[t]];
            total += pr;
        }
        return -Math.Log(total);
    }

    [Fact]
    public void MatchesMXNetTestValuesOnOnes()
    {
        // test_loss.py test_ctc_loss: ones((2, 20, 4)) in NTC, blank last, -1 padding.
        var data = Nd.Ones(new Shape(20, 2, 4));
        var label = Nd.Array(new float[,] { { 1, 0, -1, -1 }, { 2, 1, 1, -1 } });
        var loss = Nd.CTCLoss(data, label, blankLabel: "last");
        Assert.Equal(new Shape(2), loss.Shape);
        Check.Close(loss, [18.82820702, 16.50581741], 1e-5);
        // With explicit lengths the padding value no longer matters.
        var label2 = Nd.Array(new float[,] { { 1, 0, 3, 3 }, { 2, 1, 1, 0 } });
        var l2 = Nd.CTCLoss(data, label2, labelLengths: Nd.Array(new float[] { 2, 3 }), useLabelLengths: true, blankLabel: "last");
        Check.Close(l2, [18.82820702, 16.50581741], 1e-5);
    }

    [Theory]
    [InlineData("first")]
    [InlineData("last")]
    public void MatchesBruteForcePathSum(string blankLabel)
    {
        int tMax = 5, n = 3, classes = 3;
        var x = Check.Rand(tMax * n * classes, 7, -2, 2);
        bool first = blankLabel == "first";
        int blank = first ? 0 : classes - 1;
        // Two non-blank classes: {1, 2} for first, {0, 1} for last.
        int a = first ? 1 : 0, c = first ? 2 : 1;
        int[][] labels = [[a, c], [c, c], [a]];
        int pad = first ? 0 : -1;
        var lab = new double[n * 3];
        for (int b = 0; b < n; b++)
            for (int i = 0; i < 3; i++) lab[b * 3 + i] = i < labels[b].Length ? labels[b][i] : pad;
        int[] dataLen = [5, 4, 3];
        var data = Nd.Array<double>(x, new Shape(tMax, n, classes));
        var label = Nd.Array<double>(lab, new Shape(n, 3));
        var loss = Nd.CTCLoss(data, label, Nd.Array(dataLen.Select(v => (float)v).ToArray()), useDataLengths: true, blankLabel: blankLabel);
        var expected = Enumerable.Range(0, n).Select(b => BruteForce(x, tMax, n, classes, b, dataLen[b], labels[b], blank)).ToArray();
        Check.Close(loss, expected, 1e-9, 1e-9);
        // float32 data gives the same to float precision.
        var l32 = Nd.CTCLoss(data.AsType(DType.Float32), label, Nd.Array(dataLen.Select(v => (float)v).ToArray()), useDataLengths: true, blankLabel: blankLabel);
        Assert.Equal(DType.Float32, l32.DType);
        Check.Close(l32, expected, 1e-5, 1e-5);
    }

    [Fact]
    public void ImpossibleAlignmentGivesZeroLossAndGradient()
    {
        // Label [1, 1] needs 3 steps (a blank between the repeats); only 2 are given.
        var data = Nd.Array<double>(Check.Rand(2 * 1 * 3, 1), new Shape(2, 1, 3));
        data.AttachGrad();
        NDArray loss;
        using (Autograd.Record()) loss = Nd.CTCLoss(data, Nd.Array(new float[,] { { 1, 1 } }));
        Check.Close(loss, [0.0]);
        loss.Backward();
        Assert.All(data.Grad!.ToArray<double>(), v => Assert.Equal(0.0, v));
    }

    [Theory]
    [InlineData("first", false, false)]
    [InlineData("last", true, false)]
    [InlineData("last", true, true)]
    public void GradientMatchesFiniteDifferences(string blankLabel, bool useDataLengths, bool useLabelLengths)
    {
        int tMax = 6, n = 2, classes = 4;
        var data = Check.RandArray(new Shape(tMax, n, classes), 3, -1, 1);
        bool first = blankLabel == "first";
        var label = first ? Nd.Array(new float[,] { { 1, 3, 3 }, { 2, 0, 0 } }) : Nd.Array(new float[,] { { 0, 2, 2 }, { 1, 1, -1 } });
        var dl = Nd.Array(new float[] { 6, 5 });
        var ll = Nd.Array(new float[] { 3, 1 });
        Check.NumericGradient(v => Nd.CTCLoss(v[0], label, dl, ll, useDataLengths, useLabelLengths, blankLabel), [data]);
    }

    [Fact]
    public void BadInputsAreRejected()
    {
        var data = Nd.Ones(new Shape(4, 2, 3));
        Check.Throws<ArgumentException>(() => Nd.CTCLoss(data, Nd.Array(new float[,] { { 1, 3 }, { 1, 2 } })), "CTCLoss", "label[0, 1] = 3", "out of range for alphabet size 3");
        Check.Throws<ArgumentException>(() => Nd.CTCLoss(data, Nd.Array(new float[,] { { 1, 2 }, { 1, -1 } }), labelLengths: Nd.Array(new float[] { 2, 2 }),
            useLabelLengths: true, blankLabel: "last"), "label[1, 1] = -1");
        Check.Throws<ArgumentException>(() => Nd.CTCLoss(data, Nd.Ones(3, 2)), "CTCLoss", "(3, 2)", "(4, 2, 3)");
        Check.Throws<ArgumentException>(() => Nd.CTCLoss(Nd.Ones(4, 2), Nd.Ones(2, 2)), "CTCLoss", "(4, 2)");
        Check.Throws<ArgumentException>(() => Nd.CTCLoss(data, Nd.Ones(2, 2), blankLabel: "middle"), "blank_label");
        Check.Throws<ArgumentOutOfRangeException>(() => Nd.CTCLoss(data, Nd.Ones(2, 2), Nd.Array(new float[] { 5, 1 }), useDataLengths: true), "data_lengths[0] = 5");
        Check.Throws<ArgumentException>(() => Nd.CTCLoss(data, Nd.Ones(2, 2), useDataLengths: true), "data_lengths is null");
    }
}
