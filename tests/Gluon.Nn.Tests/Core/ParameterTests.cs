using Gluon.Initializers;
using Gluon.Nn;

namespace Gluon.Tests.Core;

/// <summary>Parameter, Constant and ParameterDict behaviour (inventory rows P-01..P-28).</summary>
public class ParameterTests
{
    public ParameterTests() => NameManager.ResetGlobal();

    [Fact]
    public void InitializeCreatesDataAndZeroGradsOnEachContext()
    {
        var p = new Parameter("weight", shape: new Shape(10, 10));
        p.Initialize(init: new Uniform(0.5), ctx: new[] { Context.Cpu(0), Context.Cpu(1) });
        Assert.Equal(2, p.ListData().Count);
        Assert.Equal([Context.Cpu(0), Context.Cpu(1)], p.ListCtx());
        Assert.Equal(Context.Cpu(1), p.Data(Context.Cpu(1)).Context);
        Check.Close(p.ListData()[0], p.ListData()[1], 0, 0);
        foreach (var v in p.Data(Context.Cpu(0)).ToArray<float>()) Assert.InRange(v, -0.5f, 0.5f);
        Assert.All(p.ListGrad(), g => Assert.All(g.ToArray<float>(), v => Assert.Equal(0f, v)));
        Check.Throws<InvalidOperationException>(() => p.Data(Context.Cpu(2)), "was not initialized on context cpu(2)");
        using (Context.Cpu(1).Use()) Assert.Equal(Context.Cpu(1), p.Data().Context); // several copies: the current context
    }

    [Fact]
    public void InitializerPrecedenceIsExplicitThenOwnThenDefault()
    {
        var p = new Parameter("w_weight", shape: new Shape(3), init: new One());
        p.Initialize(defaultInit: new Zero());
        Check.Close(p.Data(), [1, 1, 1]);
        p.Initialize(init: new Initializers.Constant(7), forceReinit: true);
        Check.Close(p.Data(), [7, 7, 7]);
        var q = new Parameter("q_bias", shape: new Shape(2));
        q.Initialize(defaultInit: new Uniform());
        Check.Close(q.Data(), [0, 0]); // bias rule of the default initializer
        var warnings = new List<string>();
        Warnings.Raised += warnings.Add;
        try { q.Initialize(); }
        finally { Warnings.Raised -= warnings.Add; }
        Assert.Contains(warnings, w => w.Contains("already initialized"));
    }

    [Fact]
    public void GradReqNullAddWriteHaveMxnetEffects()
    {
        var p = new Parameter("x_weight", shape: new Shape(2));
        p.Initialize(new One());
        var x = Nd.Array(new float[] { 1, 2 });
        for (int i = 0; i < 2; i++)
        {
            using (Autograd.Record()) (p.Data() * x).Backward();
        }
        Check.Close(p.Grad(), [1, 2]); // write overwrites
        p.GradReq = GradReq.Add;
        for (int i = 0; i < 2; i++)
        {
            using (Autograd.Record()) (p.Data() * x).Backward();
        }
        Check.Close(p.Grad(), [2, 4]); // add accumulates onto the fresh zero grad
        p.ZeroGrad();
        Check.Close(p.Grad(), [0, 0]);
        p.GradReq = GradReq.Null;
        Check.Throws<InvalidOperationException>(() => p.Grad(), "grad_req='null'");
        Assert.Null(p.Data().Grad);
        var nd = new Parameter("nd", differentiable: false, shape: new Shape(1));
        Assert.Equal(GradReq.Null, nd.GradReq);
    }

    [Fact]
    public void ShapeSetterFillsUnknownDimsOnly()
    {
        var p = new Parameter("w", shape: new Shape(10, 0));
        p.Shape = new Shape(10, 5);
        Assert.Equal(new Shape(10, 5), p.Shape);
        Check.Throws<ArgumentException>(() => p.Shape = new Shape(11, 5), "incompatible");
        Check.Throws<ArgumentException>(() => p.Shape = new Shape(10), "incompatible");
    }

    [Fact]
    public void DeferredInitCompletesOnFirstForward()
    {
        var net = new Dense(4);
        net.Initialize(new One());
        Assert.True(net.Weight.IsDeferred);
        Check.Throws<DeferredInitializationError>(() => net.Weight.Data(), "initialization was deferred");
        var x = Nd.Ones(2, 3);
        var y = net.Call(x);
        Assert.Equal(new Shape(4, 3), net.Weight.Shape);
        Check.Close(y, Enumerable.Repeat(3.0, 8).ToArray());
        Assert.False(net.Weight.IsDeferred);
        // a non-deferrable unknown shape is an error
        var p = new Parameter("z", shape: new Shape(0, 3));
        Check.Throws<ArgumentException>(() => p.Initialize(), "invalid shape");
    }

    [Fact]
    public void DeferredInitUsesSetDataAndRecordsGradients()
    {
        var net = new Dense(2, useBias: false);
        net.Initialize();
        net.Weight.SetData(Nd.Array(new float[,] { { 1, 2 }, { 3, 4 } }));
        var x = Nd.Array(new float[,] { { 1, 1 } });
        NDArray y;
        using (Autograd.Record()) y = net.Call(x);
        y.Backward();
        Check.Close(y, [3, 7]);
        Check.Close(net.Weight.Grad(), [1, 1, 1, 1]);
    }

    [Fact]
    public void CastConvertsDataAndGrad()
    {
        var p = new Parameter("c_weight", shape: new Shape(2));
        p.Initialize(new Initializers.Constant(1.5));
        p.Cast(DType.Float64);
        Assert.Equal(DType.Float64, p.Data().DType);
        Assert.Equal(DType.Float64, p.Grad().DType);
        Check.Close(p.Data(), [1.5, 1.5]);
    }

    [Fact]
    public void ResetCtxAveragesCopies()
    {
        var p = new Parameter("r_weight", shape: new Shape(2));
        p.Initialize(new Zero(), ctx: new[] { Context.Cpu(0), Context.Cpu(1) });
        Nd.Array(new float[] { 2, 4 }).CopyTo(p.Data(Context.Cpu(1)));
        Check.Close(p.Reduce(), [1, 2]);
        p.ResetCtx(Context.Cpu(2));
        Assert.Equal([Context.Cpu(2)], p.ListCtx());
        Check.Close(p.Data(), [1, 2]);
    }

    [Fact]
    public void ConstantIgnoresGradReqAndAutograd()
    {
        var c = new Constant("const", Nd.Array(new float[] { 1, 2, 3 }));
        c.Initialize();
        Check.Close(c.Data(), [1, 2, 3]);
        Assert.Equal(GradReq.Null, c.GradReq);
        c.GradReq = GradReq.Write;
        Assert.Equal(GradReq.Null, c.GradReq);
        Assert.Equal("Constant const (shape=(3,), dtype=float32)", c.ToString());
        var d = new ParameterDict("b_");
        var k = d.GetConstant("k", Nd.Ones(2));
        Assert.Same(k, d.GetConstant("k"));
        Check.Throws<KeyNotFoundException>(() => d.GetConstant("missing"), "b_missing");
        Check.Throws<ArgumentException>(() => d.GetConstant("k", Nd.Zeros(2)), "doesn't match");
    }

    [Fact]
    public void ParameterDictGetReconcilesAttributes()
    {
        var d = new ParameterDict("net_");
        var w = d.Get("weight", shape: new Shape(0, 5));
        Assert.Equal("net_weight", w.Name);
        Assert.Same(w, d.Get("weight", shape: new Shape(3, 0)));
        Assert.Equal(new Shape(3, 5), w.Shape);
        Check.Throws<ArgumentException>(() => d.Get("weight", shape: new Shape(4, 5)), "attribute 'shape'");
        Check.Throws<ArgumentException>(() => d.Get("weight", lrMult: 2), "lr_mult");
        d.Get("weight", init: new Uniform(0.1));
        d.Get("weight", init: new Uniform(0.1)); // equal by dumps
        Check.Throws<ArgumentException>(() => d.Get("weight", init: new Uniform(0.2)), "init");
        // a dict sharing d finds d's parameter by full name and keeps it
        var sharing = new ParameterDict("net_", d);
        Assert.Same(w, sharing.Get("weight"));
        Assert.True(sharing.ContainsKey("net_weight"));
        var other = new ParameterDict();
        other.Update(d);
        var clash = new ParameterDict("net_");
        clash.Get("weight");
        Check.Throws<ArgumentException>(() => other.Update(clash), "different Parameters");
    }

    [Fact]
    public void SetAttrAppliesToAll()
    {
        var d = new ParameterDict("s_");
        d.Get("a", shape: new Shape(1));
        d.Get("b", shape: new Shape(1));
        d.SetAttr("grad_req", "null");
        d.SetAttr("lr_mult", 0.5);
        Assert.All(d.Values, p => { Assert.Equal(GradReq.Null, p.GradReq); Assert.Equal(0.5, p.LrMult); });
        Check.Throws<ArgumentException>(() => d.SetAttr("nope", 1), "unknown attribute");
    }

    [Fact]
    public void DataBeforeInitializeNamesTheFix()
    {
        var p = new Parameter("u_weight", shape: new Shape(2));
        Check.Throws<InvalidOperationException>(() => p.Data(), "has not been initialized", "CollectParams");
        Check.Throws<ArgumentException>(() => new Parameter("s", stype: "dense"), "stype");
        Check.Throws<NotSupportedException>(() => new Parameter("s", stype: "row_sparse"), "not supported");
    }
}
