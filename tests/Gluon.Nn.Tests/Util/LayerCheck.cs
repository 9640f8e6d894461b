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
    /// MXNet's check_numeric_gradient applied to a layer: autograd gradients of
    /// sum(block(x) · w), for a random w, with respect to <paramref name="x"/> and every
    /// parameter of the block, against central differences in float64 (each element of the
    /// input and of the parameter data is perturbed in place).
    /// </summary>
    public static void Gradients(Block block, NDArray x, double eps = 1e-6, double rtol = 1e-4, double atol = 1e-6)
    {
        x = Nd.Copy(x);
        NDArray y0;
        using (Autograd.Pause()) y0 = block.Call(x);
        var w = Check.RandArray(y0.Shape, 42, 0.5, 1.5).ToArray<double>();
        x.AttachGrad();
        NDArray y;
        using (Autograd.Record()) y = block.Call(x);
        y.Backward(Nd.Array<double>(w, y0.Shape));
        double Loss()
        {
            using var _ = Autograd.Pause();
            var v = block.Call(x).ToArray<double>();
            double s = 0;
            for (int k = 0; k < v.Length; k++) s += v[k] * w[k];
            return s;
        }
        var checks = new List<(string Name, NDArray Data, double[] Grad)> { ("input", x, x.Grad!.ToArray<double>()) };
        foreach (var (name, p) in block.CollectParams())
            if (p.GradReq != GradReq.Null) checks.Add((name, p.Data(), p.Grad().ToArray<double>()));
        foreach (var (name, data, analytic) in checks)
        {
            var numeric = new double[analytic.Length];
            for (int k = 0; k < numeric.Length; k++)
            {
                var span = data.Span<double>();
                double orig = span[k];
                span[k] = orig + eps; double lp = Loss();
                span = data.Span<double>();
                span[k] = orig - eps; double lm = Loss();
                span = data.Span<double>();
                span[k] = orig;
                numeric[k] = (lp - lm) / (2 * eps);
            }
            Check.Close(numeric, analytic, rtol, atol, $"gradient of {name}");
        }
    }
}
