using Gluon.Initializers;
using ConstantInit = Gluon.Initializers.Constant;
using Gluon.Optimizers;

namespace Gluon.Tests.Training;

/// <summary>
/// gluon.Trainer: gradient reduction across contexts, identical copies, lr/wd multipliers,
/// stale gradients, states round trip, the split allreduce/update form, and a small regression
/// trained to convergence.
/// </summary>
public class TrainerTests
{
    private static readonly Context[] s_two = [Context.Cpu(0), Context.Cpu(1)];

    private static Parameter Param(string name, Shape shape, Initializer init, Context[]? ctx = null, double lrMult = 1, double wdMult = 1)
    {
        var p = new Parameter(name, shape: shape, dtype: DType.Float64, lrMult: lrMult, wdMult: wdMult);
        p.Initialize(init, ctx ?? [Context.Cpu(0)]);
        return p;
    }

    /// <summary>Backward of sum(data·x_c) on each context c, so the gradient on context c is x_c.</summary>
    private static void Backward(Parameter p, params double[][] xs)
    {
        var data = p.ListData();
        for (int c = 0; c < data.Count; c++)
        {
            var x = Nd.Array(xs[c]).AsInContext(data[c].Context);
            NDArray loss;
            using (Autograd.Record()) loss = Nd.Sum(data[c] * x);
            loss.Backward();
        }
    }

    private static Trainer MakeTrainer(IEnumerable<Parameter> ps, string opt, Dictionary<string, object?> kw, string? kv, bool? onKv) =>
        new(ps, opt, kw, kv, onKv);

    public static TheoryData<string?, bool?> KvCases() => new()
    {
        { "device", null }, { "device", true }, { "device", false }, { "local", null }, { "local", false }, { null, null },
    };

    [Theory]
    [MemberData(nameof(KvCases))]
    public void TwoContextsSumGradientsAndStayIdentical(string? kv, bool? onKv)
    {
        var p = Param("w", new Shape(3), new Zero(), s_two);
        var t = MakeTrainer([p], "sgd", new() { ["learning_rate"] = 1.0 }, kv, onKv);
        Backward(p, [1, 1, 1], [1, 1, 1]);
        t.Step(1);
        var d = p.ListData();
        if (kv is null)
        {
            // No store: each context updates with its own gradient only.
            Check.Close(d[0], [-1, -1, -1]);
            Check.Close(d[1], [-1, -1, -1]);
            return;
        }
        // test_trainer: 2 devices, grad 1 each, SGD lr 1 → w = −2 on both.
        Check.Close(d[0], [-2, -2, -2]);
        Assert.Equal(d[0].ToArray<double>(), d[1].ToArray<double>());
        Assert.Equal(onKv ?? true, t.UpdateOnKvstore);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AdamOnTwoContextsMatchesSingleContextWithSummedGradient(bool onKv)
    {
        var init = new ConstantInit(0.5);
        var p2 = Param("w", new Shape(4), init, s_two);
        var p1 = Param("w", new Shape(4), init);
        var kw = new Dictionary<string, object?> { ["learning_rate"] = 0.1, ["wd"] = 0.01 };
        var t2 = MakeTrainer([p2], "adam", kw, "device", onKv);
        var t1 = MakeTrainer([p1], "adam", new(kw), "device", null);
        var xa = new[] { 0.1, -0.2, 0.3, 0.05 };
        var xb = new[] { 0.4, 0.1, -0.5, 0.2 };
        for (int s = 0; s < 3; s++)
        {
            Backward(p2, xa, xb);
            t2.Step(4);
            Backward(p1, xa.Zip(xb, (a, b) => a + b).ToArray());
            t1.Step(4);
        }
        Check.Close(p1.Data(), p2.ListData()[0].ToArray<double>(), 1e-12, 1e-12);
        Assert.Equal(p2.ListData()[0].ToArray<double>(), p2.ListData()[1].ToArray<double>());
    }

    [Fact]
    public void StaleGradientRaisesUnlessIgnored()
    {
        var a = Param("a", new Shape(2), new ConstantInit(1.0));
        var b = Param("b", new Shape(2), new ConstantInit(1.0));
        var t = new Trainer(new[] { a, b }, "sgd", new Dictionary<string, object?> { ["learning_rate"] = 1.0 });
        Backward(a, [1, 1]);
        Backward(b, [1, 1]);
        t.Step(1);
        Backward(a, [1, 1]); // b's gradient is now stale
        Check.Throws<InvalidOperationException>(() => t.Step(1), "Parameter `b`", "cpu(0)", "ignore_stale_grad");
        Check.Close(a.Data(), [0, 0]); // nothing was updated by the failed step
        t.Step(1, ignoreStaleGrad: true);
        Check.Close(a.Data(), [-1, -1]);
        Check.Close(b.Data(), [0, 0]); // skipped
    }

    [Fact]
    public void GradReqNullParametersAreSkipped()
    {
        var a = Param("a", new Shape(2), new ConstantInit(1.0));
        var frozen = new Parameter("f", GradReq.Null, new Shape(2), DType.Float64);
        frozen.Initialize(new ConstantInit(3.0), Context.Cpu(0));
        var t = new Trainer(new[] { a, frozen }, "sgd", new Dictionary<string, object?> { ["learning_rate"] = 1.0 });
        Backward(a, [1, 2]);
        t.Step(1);
        Check.Close(a.Data(), [0, -1]);
        Check.Close(frozen.Data(), [3, 3]);
    }

    [Fact]
    public void LrMultAndWdMultComeFromTheLiveParameter()
    {
        var a = Param("a", new Shape(1), new ConstantInit(1.0), lrMult: 2, wdMult: 0);
        var b = Param("b", new Shape(1), new ConstantInit(1.0));
        var t = new Trainer(new[] { a, b }, "sgd", new Dictionary<string, object?> { ["learning_rate"] = 0.1, ["wd"] = 0.5 });
        Backward(a, [1]);
        Backward(b, [1]);
        t.Step(1);
        Check.Close(a.Data(), [1 - 0.2 * 1], 1e-12, 1e-12);                // lr 0.2, no decay
        Check.Close(b.Data(), [(1 - 0.1 * 0.5) * 1 - 0.1], 1e-12, 1e-12);  // lr 0.1, wd 0.5
        a.LrMult = 0;
        Backward(a, [1]);
        Backward(b, [1]);
        t.Step(1);
        Check.Close(a.Data(), [0.8], 1e-12, 1e-12);
    }

    [Fact]
    public void StepDividesByBatchSizeAndKeepsOriginalRescale()
    {
        var p = Param("w", new Shape(1), new Zero());
        var t = new Trainer(new[] { p }, new Sgd(learningRate: 1.0, rescaleGrad: 2.0));
        Backward(p, [3]);
        t.Step(4);
        Assert.Equal(0.5, t.Optimizer.RescaleGrad);
        Check.Close(p.Data(), [-1.5], 1e-12, 1e-12);
    }

    [Fact]
    public void AllreduceThenUpdateAllowsClippingInBetween()
    {
        var p = Param("w", new Shape(2), new Zero(), s_two);
        var t = new Trainer(new[] { p }, "sgd", new Dictionary<string, object?> { ["learning_rate"] = 1.0 }, "device", updateOnKvstore: false);
        Backward(p, [1, 3], [1, 3]);
        t.AllreduceGrads();
        foreach (var g in p.ListGrad())
        {
            Check.Close(g, [2, 6]);
            Nd.Clip(g, -4, 4).CopyTo(g);
        }
        t.Update(1);
        Check.Close(p.ListData()[0], [-2, -4]);
        Check.Close(p.ListData()[1], [-2, -4]);
    }

    [Fact]
    public void SplitFormIsRejectedWhenTheStoreUpdates()
    {
        var p = Param("w", new Shape(2), new Zero(), s_two);
        var t = new Trainer(new[] { p }, "sgd", null, "device", updateOnKvstore: true);
        Check.Throws<InvalidOperationException>(() => t.AllreduceGrads(), "allreduce_grads()", "update_on_kvstore");
        Check.Throws<InvalidOperationException>(() => t.Update(1), "update()", "update_on_kvstore");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StatesRoundTripExactly(bool onKv)
    {
        string file = Path.Combine(Path.GetTempPath(), $"gluon-trainer-{Guid.NewGuid():N}.states");
        try
        {
            var p = Param("w", new Shape(5), new ConstantInit(0.3), s_two);
            var kw = new Dictionary<string, object?> { ["learning_rate"] = 0.05, ["momentum"] = 0.9, ["wd"] = 1e-3 };
            var t = new Trainer(new[] { p }, "nag", kw, "device", onKv);
            for (int s = 0; s < 2; s++)
            {
                Backward(p, Check.Rand(5, s), Check.Rand(5, s + 10));
                t.Step(2);
            }
            t.SaveStates(file);

            var q = Param("w", new Shape(5), new Zero(), s_two);
            q.SetData(p.ListData()[0]);
            var t2 = new Trainer(new[] { q }, "sgd", null, "device", onKv);
            t2.LoadStates(file);
            Assert.IsType<Nag>(t2.Optimizer);
            Assert.Equal(0.05, t2.LearningRate);
            string file2 = file + "2";
            t2.SaveStates(file2);
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(file2));
            File.Delete(file2);

            var x0 = Check.Rand(5, 77);
            var x1 = Check.Rand(5, 78);
            Backward(p, x0, x1);
            t.Step(2);
            Backward(q, x0, x1);
            t2.Step(2);
            Assert.Equal(p.ListData()[0].ToArray<double>(), q.ListData()[0].ToArray<double>());
            Assert.Equal(p.ListData()[1].ToArray<double>(), q.ListData()[1].ToArray<double>());
        }
        finally
        {
            if (File.Exists(file)) File.Delete(file);
        }
    }

    [Fact]
    public void LoadStatesRejectsAForeignFileAndKeepsTheTrainer()
    {
        string file = Path.Combine(Path.GetTempPath(), $"gluon-trainer-{Guid.NewGuid():N}.states");
        try
        {
            File.WriteAllBytes(file, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
            var p = Param("w", new Shape(2), new Zero());
            var t = new Trainer(new[] { p }, "adam", null);
            var opt = t.Optimizer;
            Check.Throws<FormatException>(() => t.LoadStates(file), "magic");
            Assert.Same(opt, t.Optimizer);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void SetDataResetsTheStoreCopy()
    {
        var p = Param("w", new Shape(2), new Zero(), s_two);
        var t = new Trainer(new[] { p }, "sgd", new Dictionary<string, object?> { ["learning_rate"] = 1.0 }, "device", updateOnKvstore: true);
        Backward(p, [1, 1], [1, 1]);
        t.Step(1);
        p.SetData(Nd.Array(new double[] { 10, 10 }));
        Backward(p, [1, 1], [1, 1]);
        t.Step(1);
        Check.Close(p.ListData()[0], [8, 8]);
        Check.Close(p.ListData()[1], [8, 8]);
    }

    [Fact]
    public void LearningRateAndSchedulers()
    {
        var p = Param("w", new Shape(1), new Zero());
        var t = new Trainer(new[] { p }, "sgd", new Dictionary<string, object?> { ["learning_rate"] = 0.5 });
        Assert.Equal(0.5, t.LearningRate);
        t.SetLearningRate(0.25);
        Assert.Equal(0.25, t.LearningRate);
        var ts = new Trainer(new[] { p }, "sgd", new Dictionary<string, object?> { ["lr_scheduler"] = new FactorScheduler(step: 1, factor: 0.5, baseLr: 1.0) });
        Check.Throws<InvalidOperationException>(() => ts.SetLearningRate(0.1), "LRScheduler");
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        var a = Param("a", new Shape(1), new Zero());
        var b = Param("b", new Shape(1), new Zero(), s_two);
        Check.Throws<ArgumentException>(() => new Trainer(new[] { a, b }, "sgd"), "same set of contexts", "Parameter b");
        Check.Throws<ArgumentException>(() => new Trainer(new[] { a }, "sgd", null, "dist_sync"), "kvstore", "dist_sync");
        Check.Throws<ArgumentException>(() => new Trainer(new[] { a }, "nosuch"), "Cannot find optimizer nosuch");
        var t = new Trainer(new[] { a }, "sgd");
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Step(0));
        Check.Throws<InvalidOperationException>(() => new Trainer(new[] { new Parameter("u", shape: new Shape(1)) }, "sgd"), "has not been initialized");
    }

    [Fact]
    public void ParameterDictIsTakenInKeyOrder()
    {
        var pd = new ParameterDict();
        var z = pd.Get("z_weight", shape: new Shape(1));
        var a = pd.Get("a_weight", shape: new Shape(1));
        pd.Initialize(new Zero(), Context.Cpu(0));
        var t = new Trainer(pd, "sgd", new() { ["learning_rate"] = 0.1 }); // DESIGN.md's spelling
        Assert.Equal(0.1, t.LearningRate);
        Assert.Same(a, t.Parameters[0]);
        Assert.Same(z, t.Parameters[1]);
        a.LrMult = 3;
        Assert.Equal(3, t.Optimizer.ParamDict[0].LrMult); // param_dict follows the live Parameter
        Assert.Equal(1, t.Optimizer.ParamDict[1].LrMult);
    }

    [Fact]
    public void LinearRegressionConverges()
    {
        // y = X·[2, −3.4] + 4.2, fitted by minibatch SGD on the squared loss.
        int n = 256;
        var rnd = new Random(3);
        var xs = new double[n * 2];
        var ys = new double[n];
        for (int i = 0; i < n; i++)
        {
            xs[2 * i] = rnd.NextDouble() * 2 - 1;
            xs[2 * i + 1] = rnd.NextDouble() * 2 - 1;
            ys[i] = 2 * xs[2 * i] - 3.4 * xs[2 * i + 1] + 4.2 + 0.01 * (rnd.NextDouble() - 0.5);
        }
        var X = Nd.Array<double>(xs, new Shape(n, 2));
        var Y = Nd.Array<double>(ys, new Shape(n, 1));
        var w = Param("w", new Shape(2, 1), new Zero());
        var b = Param("b", new Shape(1), new Zero());
        var trainer = new Trainer(new[] { w, b }, "sgd", new Dictionary<string, object?> { ["learning_rate"] = 0.5 });
        int batch = 32;
        for (int epoch = 0; epoch < 30; epoch++)
            for (int s = 0; s < n; s += batch)
            {
                var xb = X[s..(s + batch)];
                var yb = Y[s..(s + batch)];
                using (Autograd.Record())
                {
                    var pred = Nd.Dot(xb, w.Data()) + b.Data();
                    var loss = Nd.Sum(Nd.Square(pred - yb)) * 0.5;
                    loss.Backward();
                }
                trainer.Step(batch);
            }
        Check.Close(w.Data(), [2, -3.4], 0, 0.01, "w");
        Check.Close(b.Data(), [4.2], 0, 0.01, "b");
    }

    [Fact]
    public void DeferredDenseOnTwoContextsTrainsIdenticalCopies()
    {
        // The trainer is made before the first forward pass fixes the weight shapes.
        var net = new Gluon.Nn.Dense(3);
        net.Initialize(ctx: s_two);
        var t = new Trainer(net.CollectParams(), "sgd", new Dictionary<string, object?> { ["learning_rate"] = 0.1, ["momentum"] = 0.9 });
        var x = Check.RandArray(new Shape(4, 5), 5, dtype: DType.Float32);
        for (int step = 0; step < 3; step++)
        {
            foreach (var (ctx, half) in new[] { (s_two[0], x[0..2]), (s_two[1], x[2..4]) })
            {
                NDArray loss;
                using (Autograd.Record()) loss = Nd.Sum(Nd.Square(net.Call(half.AsInContext(ctx))));
                loss.Backward();
            }
            t.Step(4);
        }
        foreach (var p in net.CollectParams().Values)
            Assert.Equal(p.ListData()[0].ToArray<float>(), p.ListData()[1].ToArray<float>());
        Assert.Equal(2, t.Parameters.Count);
    }
}
