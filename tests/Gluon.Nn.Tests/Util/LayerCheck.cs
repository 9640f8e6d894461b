namespace Gluon.Tests;

/// <summary>Helpers for layer tests: float64 layers with random parameters, and gradient checks through a layer.</summary>
public static class LayerCheck
{
    /// <summary>Initializes <paramref name="block"/>, casts it to float64 and fills every parameter with uniform values in [-1, 1).</summary>
    public static T Float64<T>(T block, int seed = 1) where T : Block
    {
        block.Initialize();
        block.Cast(DType.Float64);
        int k = 0;
        foreach (var p in block.CollectParams().Values)
            if (p.ShapeIsKnown) p.SetData(Check.RandArray(p.Shape!, seed + 17 * k++));
        return block;
    }

    /// <summary>
    /// Compares the autograd gradients of L = sum(block(x)·w), for a random weight w, with central
    /// finite differences, with respect to <paramref name="x"/> (unless <paramref name="checkInput"/>
    /// is false) and every parameter of the block whose grad_req is not null. The forward and the
    /// backward run in training mode when <paramref name="train"/>. x and the parameters must be float64.
    /// </summary>
    public static void Gradients(Block block, NDArray x, bool train = false, bool checkInput = true,
        double eps = 1e-6, double rtol = 1e-4, double atol = 1e-6)
    {
        Assert.Equal(DType.Float64, x.DType);
        x = Nd.Copy(x); // attach the gradient to a copy, not to the caller's array
        var parameters = block.CollectParams().Values.Where(p => p.GradReq != GradReq.Null).ToArray();
        Assert.All(parameters, p => Assert.Equal(DType.Float64, p.DType));
        NDArray y0;
        using (Autograd.Pause(train)) y0 = block.Call(x);
        var w = Check.RandArray(y0.Shape, 7, 0.5, 1.5);
        if (checkInput) x.AttachGrad();
        foreach (var p in parameters) p.ZeroGrad();
        NDArray y;
        using (Autograd.Record(train)) y = block.Call(x);
        y.Backward(w, trainMode: train);
        var wv = w.ToArray<double>();
        double Loss()
        {
            using var _ = Autograd.Pause(train);
            var v = block.Call(x).ToArray<double>();
            double s = 0;
            for (int k = 0; k < v.Length; k++) s += v[k] * wv[k];
            return s;
        }
        void Compare(NDArray target, NDArray grad, string what)
        {
            var analytic = grad.ToArray<double>();
            var numeric = new double[analytic.Length];
            var data = target.Span<double>();
            for (int k = 0; k < numeric.Length; k++)
            {
                double orig = data[k];
                data[k] = orig + eps; double lp = Loss();
                data[k] = orig - eps; double lm = Loss();
                data[k] = orig;
                numeric[k] = (lp - lm) / (2 * eps);
            }
            Check.Close(numeric, analytic, rtol, atol, what);
        }
        if (checkInput) Compare(x, x.Grad!, "gradient w.r.t. the input");
        foreach (var p in parameters) Compare(p.Data(), p.Grad(), $"gradient w.r.t. {p.Name}");
    }

    /// <summary>Sets <paramref name="p"/> to random float64 values in [lo, hi).</summary>
    public static double[] Randomize(Parameter p, int seed, double lo = -1, double hi = 1)
    {
        var a = Check.RandArray(p.Shape!, seed, lo, hi, p.DType);
        p.SetData(a);
        return a.AsType(DType.Float64).ToArray<double>();
    }
}
