using Gluon.Backends;
using Gluon.Ops.Definitions;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Kernels of the sampling ops. They draw serially from <see cref="RandomGenerator.Global"/>
/// while holding its lock, so a seed fixes every result regardless of threading.
/// </summary>
internal sealed unsafe class RandomKernels : IKernelProvider
{
    public void Register(CpuBackend b)
    {
        b.RegisterFloatKernel("_random_uniform", c =>
        {
            var p = c.P<RandomOps.SampleParam>();
            var o = c.Outputs[0];
            if (o.DType == DType.Float32) RandomGenerator.Global.FillUniform(o.Span<float>(), (float)p.A, (float)p.B);
            else UniformDouble(o.Span<double>(), p.A, p.B);
        });
        b.RegisterFloatKernel("_random_normal", c =>
        {
            var p = c.P<RandomOps.SampleParam>();
            var o = c.Outputs[0];
            if (o.DType == DType.Float32) RandomGenerator.Global.FillNormal(o.Span<float>(), (float)p.A, (float)p.B);
            else NormalDouble(o.Span<double>(), p.A, p.B);
        });
        b.RegisterKernel("_random_randint", RandInt);
        b.RegisterKernel("_shuffle", Shuffle);
    }

    private static void UniformDouble(Span<double> dst, double low, double high)
    {
        var g = RandomGenerator.Global;
        lock (g)
            for (int i = 0; i < dst.Length; i++) dst[i] = low + (high - low) * g.NextDouble();
    }

    private static void NormalDouble(Span<double> dst, double loc, double scale)
    {
        var g = RandomGenerator.Global;
        lock (g)
            for (int i = 0; i < dst.Length; i++) dst[i] = loc + scale * g.NextNormal();
    }

    private static void RandInt(KernelContext c)
    {
        var p = c.P<RandomOps.RandIntParam>();
        var o = c.Outputs[0];
        var g = RandomGenerator.Global;
        lock (g)
        {
            if (o.DType == DType.Int32)
            {
                var d = o.Span<int>();
                for (int i = 0; i < d.Length; i++) d[i] = (int)g.NextInt64(p.Low, p.High);
            }
            else
            {
                var d = o.Span<long>();
                for (int i = 0; i < d.Length; i++) d[i] = g.NextInt64(p.Low, p.High);
            }
        }
    }

    private static void Shuffle(KernelContext c)
    {
        var x = c.Inputs[0];
        var o = c.Outputs[0];
        if (o.Size == 0) return;
        if (x.NDim == 0)
        {
            Buffer.MemoryCopy(x.DataPointer, o.DataPointer, x.DType.SizeOf(), x.DType.SizeOf());
            return;
        }
        int rows = x.Shape[0];
        var perm = new int[rows];
        for (int i = 0; i < rows; i++) perm[i] = i;
        var g = RandomGenerator.Global;
        lock (g)
        {
            // Fisher-Yates: every permutation equally likely.
            for (int i = rows - 1; i > 0; i--)
            {
                int j = (int)g.NextInt64(0, i + 1);
                (perm[i], perm[j]) = (perm[j], perm[i]);
            }
        }
        long bytes = (long)(x.Size / rows) * x.DType.SizeOf();
        byte* src = (byte*)x.DataPointer, dst = (byte*)o.DataPointer;
        for (int i = 0; i < rows; i++) Buffer.MemoryCopy(src + perm[i] * bytes, dst + i * bytes, bytes, bytes);
    }
}
