using Gluon.Metrics;

namespace Gluon.Tests.Metrics;

public class MetricTests
{
    private static NDArray A(float[,] v) => Nd.Array(v);
    private static NDArray A(params float[] v) => Nd.Array(v);

    // The example of MXNet's docs: three samples, two classes.
    private static NDArray Pred3 => A(new float[,] { { 0.3f, 0.7f }, { 0f, 1f }, { 0.4f, 0.6f } });
    private static NDArray Label3 => A(0f, 1f, 1f);

    [Fact]
    public void AccuracyArgmaxesWhenShapesDifferAndAccumulates()
    {
        var m = new Accuracy();
        Assert.True(double.IsNaN(m.Get().Value));
        m.Update([Label3], [Pred3]);
        Assert.Equal(("accuracy", 2.0 / 3), m.Get());
        // Same shapes: predictions are class indices, truncated to int32 (1.9 -> 1, 0.2 -> 0).
        m.Update(A(1f, 0f), A(1.9f, 0.2f));
        Assert.Equal(4, m.SumMetric);
        Assert.Equal(5, m.NumInst);
        Assert.Equal(0.8, m.Get().Value, 12);
        m.ResetLocal();
        Assert.True(double.IsNaN(m.Get().Value));
        Assert.Equal(0.8, m.GetGlobal().Value, 12);
        m.Reset();
        Assert.True(double.IsNaN(m.GetGlobal().Value));
    }

    [Fact]
    public void AccuracyOnAnotherAxis()
    {
        // (batch=2, time=3, classes=2) with axis 2: argmax per (b, t).
        var pred = Nd.Array(new float[] { 1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0 }, new Shape(2, 3, 2));
        var label = Nd.Array(new float[] { 0, 1, 1, 1, 0, 0 }, new Shape(2, 3));
        var m = new Accuracy(axis: 2);
        m.Update(label, pred);
        // argmax: [0,1,0],[1,1,0] vs [0,1,1],[1,0,0] -> 4 of 6
        Assert.Equal(4.0 / 6, m.Get().Value, 12);
    }

    [Fact]
    public void AccuracyRejectsMismatchedCountsAndLeavesStateAlone()
    {
        var m = new Accuracy();
        Check.Throws<ArgumentException>(() => m.Update([Label3], [Pred3, Pred3]), "Shape of labels 1", "predictions 2");
        Check.Throws<ArgumentException>(() => m.Update([Label3, Label3], [Pred3, A(new float[,] { { 1, 0 } })]), "Shape of labels 3", "predictions 1");
        Check.Throws<ArgumentException>(() => m.Update(A(0f, 1f), Pred3), "Shape of labels 2", "predictions 3");
        Assert.Equal(0, m.NumInst);
        Assert.Equal(0, m.GlobalNumInst);
    }

    [Fact]
    public void TopKAccuracyMatchesSortReference()
    {
        var rnd = new Random(3);
        int n = 10, c = 6, k = 3;
        var p = new float[n * c];
        for (int i = 0; i < p.Length; i++) p[i] = (float)rnd.NextDouble();
        p[5 * c + 2] = p[5 * c + 4]; // a tie
        var lab = new float[n];
        for (int i = 0; i < n; i++) lab[i] = rnd.Next(c);
        lab[5] = 2;
        // Reference: stable ascending argsort per row, last k indices.
        int correct = 0;
        for (int r = 0; r < n; r++)
        {
            var order = Enumerable.Range(0, c).OrderBy(j => p[r * c + j]).ToArray();
            if (order.Skip(c - k).Contains((int)lab[r])) correct++;
        }
        var m = new TopKAccuracy(topK: k);
        Assert.Equal("top_k_accuracy_3", m.Name);
        m.Update([Nd.Array(lab)], [Nd.Array(p, new Shape(n, c))]);
        Assert.Equal((double)correct / n, m.Get().Value, 12);
        // k larger than the class count: every in-range label counts.
        var all = new TopKAccuracy(topK: 10);
        all.Update(Nd.Array(lab), Nd.Array(p, new Shape(n, c)));
        Assert.Equal(1.0, all.Get().Value);
    }

    [Fact]
    public void TopKAccuracyRejectsBadArguments()
    {
        Check.Throws<ArgumentOutOfRangeException>(() => new TopKAccuracy(1), "Please use Accuracy");
        var m = new TopKAccuracy(2);
        Check.Throws<ArgumentException>(() => m.Update([Label3], [Nd.Zeros(3, 2, 2)]), "no more than 2 dims");
        Check.Throws<ArgumentException>(() => m.Update([A(0f, 1f)], [Pred3]), "Shape of labels 2", "predictions 3");
    }

    [Fact]
    public void F1MacroAveragesPerUpdateAndMicroPools()
    {
        var macro = new F1();
        macro.Update([Label3], [Pred3]); // predicted [1,1,1]: tp 2, fp 1, fn 0 -> p 2/3, r 1 -> 0.8
        Assert.Equal(0.8, macro.Get().Value, 12);
        // Second batch: predicted [0,1], labels [1,1]: tp 1, fn 1 -> p 1, r 0.5 -> 2/3
        var p2 = A(new float[,] { { 0.9f, 0.1f }, { 0.2f, 0.8f } });
        var l2 = A(1f, 1f);
        macro.Update([l2], [p2]);
        Assert.Equal((0.8 + 2.0 / 3) / 2, macro.Get().Value, 12);
        Assert.Equal(2, macro.NumInst);

        var micro = new F1(average: "micro");
        micro.Update([Label3], [Pred3]);
        micro.Update([l2], [p2]);
        // Pooled: tp 3, fp 1, fn 1 -> p 0.75, r 0.75 -> 0.75
        Assert.Equal(0.75, micro.Get().Value, 12);
        Assert.Equal(5, micro.NumInst);
        micro.ResetLocal();
        micro.Update([l2], [p2]);
        Assert.Equal(2.0 / 3, micro.Get().Value, 12);
        // Global keeps every count: tp 4, fp 1, fn 2 -> p 0.8, r 4/6 -> 2·0.8·(2/3)/(0.8+2/3)
        double pg = 0.8, rg = 4.0 / 6;
        Assert.Equal(2 * pg * rg / (pg + rg), micro.GetGlobal().Value, 12);
    }

    [Fact]
    public void F1IsBinaryOnly()
    {
        var m = new F1();
        Check.Throws<ArgumentException>(() => m.Update([A(0f, 1f, 2f)], [Nd.Zeros(3, 3)]), "F1 currently only supports binary classification");
        Assert.Equal(0, m.NumInst);
    }

    [Fact]
    public void PerplexityIsExpOfMeanNegativeLog()
    {
        var m = new Perplexity(ignoreLabel: null);
        m.Update([Label3], [Pred3]);
        double expected = Math.Exp(-(Math.Log(0.3) + Math.Log(1.0) + Math.Log(0.6)) / 3);
        Assert.Equal(expected, m.Get().Value, 6);
        Assert.Equal("perplexity", m.Get().Name);

        // Ignored labels are left out of the count and contribute log 1.
        var ign = new Perplexity(ignoreLabel: 1);
        ign.Update([Label3], [Pred3]);
        Assert.Equal(1, ign.NumInst);
        Assert.Equal(1 / 0.3, ign.Get().Value, 5);

        // Probabilities are floored at 1e-10.
        var z = new Perplexity(null);
        z.Update([A(0f)], [A(new float[,] { { 0f, 1f } })]);
        Assert.Equal(1.0, z.Get().Value / 1e10, 5);

        Check.Throws<ArgumentException>(() => m.Update([A(0f, 1f)], [Pred3]), "shape mismatch", "(2,)", "(3, 2)");
    }

    [Fact]
    public void RegressionMetricsCountOneInstancePerPair()
    {
        var pred = Nd.Array(new float[] { 3, -0.5f, 2, 7 }, new Shape(4, 1));
        var label1d = A(2.5f, 0f, 2f, 8f);
        var mae = new MAE();
        var mse = new MSE();
        var rmse = new RMSE();
        foreach (var m in new EvalMetric[] { mae, mse, rmse }) m.Update([label1d], [pred]);
        Assert.Equal(0.5, mae.Get().Value, 7);
        Assert.Equal(0.375, mse.Get().Value, 7);
        Assert.Equal(Math.Sqrt(0.375), rmse.Get().Value, 7);
        // A second pair counts as one more instance regardless of its size.
        mae.Update([A(1f, 1f)], [A(0f, 0f)]);
        Assert.Equal((0.5 + 1.0) / 2, mae.Get().Value, 7);
        Assert.Equal(2, mae.NumInst);
        // 1-D label against (n, 2) predictions broadcasts the label over the columns.
        var b = new MSE();
        b.Update(A(1f, 2f), A(new float[,] { { 1, 3 }, { 2, 2 } }));
        Assert.Equal((0 + 4 + 0 + 0) / 4.0, b.Get().Value, 7); // label column [1, 2] vs [[1, 3], [2, 2]]
        Check.Throws<ArgumentException>(() => b.Update(A(1f, 2f, 3f), A(new float[,] { { 1, 3 }, { 2, 2 } })), "Shape of labels 3");
    }

    [Fact]
    public void CrossEntropyAveragesNegativeLogOfLabelProbability()
    {
        var m = new CrossEntropy();
        m.Update([Label3], [Pred3]);
        double expected = -(Math.Log(0.3 + 1e-12) + Math.Log(1 + 1e-12) + Math.Log(0.6 + 1e-12)) / 3;
        Assert.Equal(expected, m.Get().Value, 6);
        Assert.Equal("cross-entropy", m.Name);
        Check.Throws<ArgumentOutOfRangeException>(() => m.Update([A(0f, 5f, 1f)], [Pred3]), "label 5", "2 classes");
        Assert.Equal(3, m.NumInst);
    }

    [Fact]
    public void LossMetricAveragesEveryElement()
    {
        var m = new Gluon.Metrics.Loss();
        m.Update(null, [A(1f, 2f, 3f), A(new float[,] { { 4, 5 } })]);
        Assert.Equal(3.0, m.Get().Value, 12);
        m.Update(null, A(10f));
        Assert.Equal(25.0 / 6, m.Get().Value, 12);
    }

    [Fact]
    public void CompositeUpdatesEveryChild()
    {
        var c = new CompositeEvalMetric();
        c.Add(new Accuracy());
        c.Add("f1");
        c.Update([Label3], [Pred3]);
        var nv = c.GetNameValue();
        Assert.Equal(2, nv.Count);
        Assert.Equal("accuracy", nv[0].Name);
        Assert.Equal(2.0 / 3, nv[0].Value, 12);
        Assert.Equal(("f1", 0.8), (nv[1].Name, Math.Round(nv[1].Value, 12)));
        Assert.Throws<InvalidOperationException>(() => c.Get());
        string f1 = nv[1].Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("EvalMetric: {'accuracy': 0.6666666666666666, 'f1': " + f1 + "}", c.ToString());
        c.Reset();
        Assert.True(c.GetNameValue().All(p => double.IsNaN(p.Value)));
        Check.Throws<ArgumentOutOfRangeException>(() => c.GetMetric(2), "out of range 0 and 2");
    }

    [Fact]
    public void UpdateDictSelectsNamedArrays()
    {
        var m = new Accuracy(outputNames: ["out"], labelNames: ["lab"]);
        var preds = new Dictionary<string, NDArray> { ["other"] = Nd.Zeros(3, 2), ["out"] = Pred3 };
        var labels = new Dictionary<string, NDArray> { ["lab"] = Label3 };
        m.UpdateDict(labels, preds);
        Assert.Equal(2.0 / 3, m.Get().Value, 12);
        Check.Throws<KeyNotFoundException>(() => m.UpdateDict(new Dictionary<string, NDArray>(), preds), "label 'lab'");
    }

    [Fact]
    public void CreateByMXNetNames()
    {
        Assert.IsType<Accuracy>(Metric.Create("acc"));
        Assert.IsType<Accuracy>(Metric.Create("Accuracy"));
        Assert.Equal(2, Assert.IsType<Accuracy>(Metric.Create("acc", new Dictionary<string, object?> { ["axis"] = 2 })).Axis);
        var topk = Assert.IsType<TopKAccuracy>(Metric.Create("top_k_accuracy", new Dictionary<string, object?> { ["top_k"] = 5 }));
        Assert.Equal("top_k_accuracy_5", topk.Name);
        Assert.Equal("micro", Assert.IsType<F1>(Metric.Create("f1", new Dictionary<string, object?> { ["average"] = "micro" })).Average);
        Assert.IsType<MAE>(Metric.Create("mae"));
        Assert.IsType<MSE>(Metric.Create("mse"));
        Assert.IsType<RMSE>(Metric.Create("rmse"));
        Assert.Equal(1e-5, Assert.IsType<CrossEntropy>(Metric.Create("ce", new Dictionary<string, object?> { ["eps"] = 1e-5 })).Eps);
        Assert.Equal(-1, Assert.IsType<Perplexity>(Metric.Create("perplexity", new Dictionary<string, object?> { ["ignore_label"] = -1 })).IgnoreLabel);
        Assert.IsType<Gluon.Metrics.Loss>(Metric.Create("loss"));
        var comp = Assert.IsType<CompositeEvalMetric>(Metric.Create(new object[] { "acc", new MSE() }));
        Assert.Equal(2, comp.Metrics.Count);
        var acc = new Accuracy();
        Assert.Same(acc, Metric.Create(acc));

        Check.Throws<ArgumentException>(() => Metric.Create("nope"), "'nope' is not a registered metric");
        Check.Throws<ArgumentException>(() => Metric.Create("perplexity"), "requires the argument 'ignore_label'");
        Check.Throws<ArgumentException>(() => Metric.Create("acc", new Dictionary<string, object?> { ["top_k"] = 3 }), "unexpected argument 'top_k'");
        Check.Throws<ArgumentException>(() => Metric.Create("acc", new Dictionary<string, object?> { ["axis"] = "x" }), "'axis' must be an integer");
    }
}
