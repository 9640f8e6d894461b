using Gluon.Nn;

namespace Gluon.Tests.Nn;

/// <summary>Dropout, Embedding, Flatten, Lambda, HybridLambda (C-04, C-07, C-08, C-12) against plain references.</summary>
public class BasicLayerTests
{
    public BasicLayerTests() => NameManager.ResetGlobal();

    [Fact]
    public void DropoutIsIdentityOutsideTraining()
    {
        var d = new Dropout(0.5);
        Assert.Equal("dropout0_", d.Prefix);
        Assert.Empty(d.CollectParams().Keys);
        Assert.Equal("Dropout(p = 0.5, axes=())", d.ToString());
        Assert.Equal("Dropout(p = 0.25, axes=(1,))", new Dropout(0.25, [1]).ToString());
        var x = Check.RandArray(new Shape(4, 5), 1);
        Check.Close(x, d.Call(x), 0, 0);
        using (Autograd.Record(trainMode: false)) Check.Close(x, d.Call(x), 0, 0);
        Check.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.5), "Dropout", "rate");
    }

    [Fact]
    public void DropoutInTrainingZeroesAboutRateAndScalesTheRest()
    {
        const double p = 0.3;
        var d = new Dropout(p);
        var x = Check.RandArray(new Shape(100, 100), 2, 1, 2); // no zeros, so a zero is a dropped entry
        NDArray y;
        using (Autograd.TrainMode()) y = d.Call(x);
        var xv = x.ToArray<double>();
        var yv = y.ToArray<double>();
        int dropped = 0;
        for (int i = 0; i < xv.Length; i++)
        {
            if (yv[i] == 0) dropped++;
            else Assert.Equal(xv[i] / (1 - p), yv[i], 1e-12);
        }
        // 10000 Bernoulli(0.3) draws: the count is within 6 standard deviations (±275) of 3000.
        Assert.InRange(dropped, 2725, 3275);

        // Under Record the gradient is the same mask, scaled: dy/dx = y/x.
        x.AttachGrad();
        using (Autograd.Record()) y = d.Call(x);
        y.Backward();
        var g = x.Grad!.ToArray<double>();
        yv = y.ToArray<double>();
        for (int i = 0; i < xv.Length; i++) Assert.Equal(yv[i] / xv[i], g[i], 1e-12);
    }

    [Fact]
    public void DropoutSharesTheMaskAlongAxesAndRateZeroIsIdentity()
    {
        var d = new Dropout(0.5, [0]);
        var x = Check.RandArray(new Shape(6, 40), 3, 1, 2);
        NDArray y;
        using (Autograd.TrainMode()) y = d.Call(x);
        var yv = y.ToArray<double>();
        for (int j = 0; j < 40; j++)
            for (int i = 1; i < 6; i++) Assert.Equal(yv[j] == 0, yv[i * 40 + j] == 0);
        using (Autograd.TrainMode()) Check.Close(x, new Dropout(0).Call(x), 0, 0);
    }

    [Fact]
    public void EmbeddingLooksUpRowsAndHasDenseWeightGradient()
    {
        var emb = new Embedding(5, 3);
        Assert.Equal(["embedding0_weight"], emb.CollectParams().Keys);
        Assert.Equal(new Shape(5, 3), emb.Weight.Shape);
        Assert.Equal("Embedding(5 -> 3, float32)", emb.ToString());
        Assert.Equal("Embedding(7 -> 2, float64)", new Embedding(7, 2, DType.Float64).ToString());
        emb.Initialize();
        emb.Cast(DType.Float64);
        var w = LayerCheck.Randomize(emb.Weight, 1);
        double[] idx = [4, 0, 2, 2, 1, 4];
        var x = Nd.Array<double>(idx, new Shape(2, 3));
        var y = emb.Call(x);
        Assert.Equal(new Shape(2, 3, 3), y.Shape);
        var expected = new double[18];
        for (int i = 0; i < 6; i++)
            for (int k = 0; k < 3; k++) expected[i * 3 + k] = w[(int)idx[i] * 3 + k];
        Check.Close(y, expected, 0, 0);
        LayerCheck.Gradients(emb, x, checkInput: false);
        Check.Throws<NotSupportedException>(() => new Embedding(5, 3, sparseGrad: true), "sparse_grad");
    }

    [Fact]
    public void FlattenCollapsesAllButTheFirstAxis()
    {
        var f = new Flatten();
        Assert.Equal("flatten0_", f.Prefix);
        Assert.Equal("Flatten", f.ToString());
        var x = Check.RandArray(new Shape(2, 3, 4), 1);
        var y = f.Call(x);
        Assert.Equal(new Shape(2, 12), y.Shape);
        Check.Close(y, x.ToArray<double>(), 0, 0);
        Assert.Equal(new Shape(3, 1), f.Call(Check.RandArray(new Shape(3), 1)).Shape);
        LayerCheck.Gradients(f, x);
    }

    [Fact]
    public void LambdaRunsAnOpByNameOrAFunction()
    {
        var x = Check.RandArray(new Shape(3, 4), 1);
        var xv = x.ToArray<double>();
        var byName = new Lambda("tanh");
        Assert.Equal("lambda0_", byName.Prefix);
        Assert.Equal("Lambda(tanh)", byName.ToString());
        Check.Close(byName.Call(x), xv.Select(Math.Tanh).ToArray(), 1e-12, 1e-12);
        var fn = new Lambda(v => Nd.LeakyReLU(v, slope: 0.1));
        Assert.Equal("Lambda(<lambda>)", fn.ToString());
        Check.Close(fn.Call(x), xv.Select(v => v > 0 ? v : 0.1 * v).ToArray(), 1e-12, 1e-12);
        var multi = new Lambda(xs => [xs[0] + xs[1], xs[0] * xs[1]]);
        var outs = multi.CallMulti(x, x);
        Check.Close(outs[0], xv.Select(v => 2 * v).ToArray(), 1e-12, 1e-12);
        Check.Close(outs[1], xv.Select(v => v * v).ToArray(), 1e-12, 1e-12);
        Check.Throws<ArgumentException>(() => new Lambda("no_such_op"), "no_such_op", "not found");
        LayerCheck.Gradients(byName, x);
    }

    [Fact]
    public void HybridLambdaRunsAnOpByNameOrAFunction()
    {
        var x = Check.RandArray(new Shape(3, 4), 1);
        var xv = x.ToArray<double>();
        var byName = new HybridLambda("sigmoid");
        Assert.Equal("hybridlambda0_", byName.Prefix);
        Assert.Equal("HybridLambda(sigmoid)", byName.ToString());
        Check.Close(byName.Call(x), xv.Select(v => 1 / (1 + Math.Exp(-v))).ToArray(), 1e-12, 1e-12);
        var fn = new HybridLambda(v => v * v);
        Check.Close(fn.Call(x), xv.Select(v => v * v).ToArray(), 1e-12, 1e-12);
        var net = new HybridSequential();
        using (net.NameScope()) net.Add(new HybridLambda("tanh"), new HybridLambda(v => 2 * v));
        Check.Close(net.Call(x), xv.Select(v => 2 * Math.Tanh(v)).ToArray(), 1e-12, 1e-12);
        Check.Throws<ArgumentException>(() => new HybridLambda("no_such_op"), "not found");
        LayerCheck.Gradients(fn, x);
    }
}
