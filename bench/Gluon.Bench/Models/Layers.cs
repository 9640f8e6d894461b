namespace Gluon.Bench.Models;

/// <summary>Deterministic random weights as plain float arrays (the same values go to both sides of a comparison).</summary>
internal static class Init
{
    /// <summary>Normal(0, std) values from a seeded generator (Box-Muller).</summary>
    public static float[] Normal(Random r, int count, double std)
    {
        var v = new float[count];
        for (int i = 0; i < count; i++)
        {
            double u1 = 1.0 - r.NextDouble(), u2 = r.NextDouble();
            v[i] = (float)(std * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return v;
    }

    /// <summary>Uniform(lo, hi) values.</summary>
    public static float[] Uniform(Random r, int count, double lo, double hi)
    {
        var v = new float[count];
        for (int i = 0; i < count; i++) v[i] = (float)(lo + (hi - lo) * r.NextDouble());
        return v;
    }

    /// <summary>An NDArray holding <paramref name="data"/> with the given shape.</summary>
    public static NDArray Nd(float[] data, params int[] shape) => Gluon.Nd.Array<float>(data, new Shape(shape));
}

/// <summary>
/// A 2-D convolution layer: square kernel, same stride and pad on both axes, He-initialized
/// weights; <see cref="Groups"/> groups (InC for a depthwise layer).
/// </summary>
internal sealed class ConvLayer
{
    public ConvLayer(Random r, int inC, int outC, int kernel, int stride, int pad, bool bias, int groups = 1)
        : this(inC, outC, kernel, stride, pad, groups,
            Init.Normal(r, outC * (inC / groups) * kernel * kernel, Math.Sqrt(2.0 / (inC / groups * kernel * kernel))),
            bias ? Init.Normal(r, outC, 0.1) : null)
    {
    }

    private ConvLayer(int inC, int outC, int kernel, int stride, int pad, int groups, float[] w, float[]? b)
    {
        if (inC % groups != 0 || outC % groups != 0) throw new ArgumentException($"{inC}->{outC} channels do not split into {groups} groups");
        InC = inC; OutC = outC; Kernel = kernel; Stride = stride; Pad = pad; Groups = groups;
        W = w;
        B = b;
        WNd = Init.Nd(W, outC, inC / groups, kernel, kernel);
        BNd = B is null ? null : Init.Nd(B, outC);
    }

    /// <summary>
    /// This convolution followed by inference-mode <paramref name="bn"/> as one convolution with
    /// bias: w′ = w·γ/√(var + eps) per output channel, b′ = β + (b − mean)·γ/√(var + eps).
    /// </summary>
    public ConvLayer FoldBatchNorm(BatchNormLayer bn)
    {
        int per = InC / Groups * Kernel * Kernel;
        var w = new float[W.Length];
        var b = new float[OutC];
        for (int f = 0; f < OutC; f++)
        {
            float s = bn.Gamma[f] / MathF.Sqrt(bn.Var[f] + BatchNormLayer.Eps);
            for (int i = 0; i < per; i++) w[f * per + i] = W[f * per + i] * s;
            b[f] = bn.Beta[f] + ((B?[f] ?? 0) - bn.Mean[f]) * s;
        }
        return new ConvLayer(InC, OutC, Kernel, Stride, Pad, Groups, w, b);
    }

    public int InC { get; }
    public int OutC { get; }
    public int Kernel { get; }
    public int Stride { get; }
    public int Pad { get; }
    /// <summary>Channel groups (1: dense; InC: depthwise).</summary>
    public int Groups { get; }
    public float[] W { get; }
    public float[]? B { get; }
    public NDArray WNd { get; }
    public NDArray? BNd { get; }

    /// <summary>Output height/width for input size <paramref name="h"/>.</summary>
    public int OutSize(int h) => (h + 2 * Pad - Kernel) / Stride + 1;

    /// <summary>Multiply-adds × 2 for one call on (batch, InC, h, h).</summary>
    public double Flop(int batch, int h) => 2.0 * batch * OutC * OutSize(h) * OutSize(h) * (InC / Groups) * Kernel * Kernel;

    /// <summary>This convolution with Nd ops.</summary>
    public NDArray Forward(NDArray x, NDArray? w = null, NDArray? b = null) =>
        Gluon.Nd.Convolution(x, w ?? WNd, B is null ? null : b ?? BNd, [Kernel, Kernel], OutC,
            stride: [Stride, Stride], pad: [Pad, Pad], numGroup: Groups);

    public override string ToString() => $"{InC}->{OutC} {Kernel}x{Kernel} s{Stride} p{Pad}{(Groups == 1 ? "" : Groups == InC ? " depthwise" : $" g{Groups}")}";
}

/// <summary>BatchNorm parameters and running statistics of one layer (inference uses the running ones).</summary>
internal sealed class BatchNormLayer
{
    public BatchNormLayer(Random r, int c)
    {
        Gamma = Init.Uniform(r, c, 0.5, 1.0);
        Beta = Init.Normal(r, c, 0.1);
        Mean = Init.Normal(r, c, 0.1);
        Var = Init.Uniform(r, c, 0.5, 1.5);
        GammaNd = Init.Nd(Gamma, c); BetaNd = Init.Nd(Beta, c); MeanNd = Init.Nd(Mean, c); VarNd = Init.Nd(Var, c);
    }

    /// <summary>Gluon's nn.BatchNorm default epsilon.</summary>
    public const float Eps = 1e-5f;

    public float[] Gamma { get; }
    public float[] Beta { get; }
    public float[] Mean { get; }
    public float[] Var { get; }
    public NDArray GammaNd { get; }
    public NDArray BetaNd { get; }
    public NDArray MeanNd { get; }
    public NDArray VarNd { get; }
}

/// <summary>A fully connected layer: weight (out, in), bias (out).</summary>
internal sealed class DenseLayer
{
    public DenseLayer(Random r, int inUnits, int outUnits)
    {
        In = inUnits; Out = outUnits;
        W = Init.Normal(r, outUnits * inUnits, Math.Sqrt(2.0 / inUnits));
        B = Init.Normal(r, outUnits, 0.01);
        WNd = Init.Nd(W, outUnits, inUnits);
        BNd = Init.Nd(B, outUnits);
    }

    public int In { get; }
    public int Out { get; }
    public float[] W { get; }
    public float[] B { get; }
    public NDArray WNd { get; }
    public NDArray BNd { get; }
}
