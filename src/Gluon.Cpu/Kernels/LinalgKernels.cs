using System.Numerics;
using System.Numerics.Tensors;
using Gluon.Backends;
using Gluon.Ops.Definitions;

namespace Gluon.Cpu.Kernels;

/// <summary>Kernels of dot, batch_dot and FullyConnected; every product goes through <see cref="Gemm.Run{T}"/>.</summary>
internal sealed unsafe class LinalgKernels : IKernelProvider
{
    public void Register(CpuBackend b)
    {
        b.RegisterFloatKernel("dot", c =>
        {
            if (c.Outputs[0].DType == DType.Float32) Dot<float>(c);
            else Dot<double>(c);
        });
        b.RegisterFloatKernel("batch_dot", c =>
        {
            if (c.Outputs[0].DType == DType.Float32) BatchDot<float>(c);
            else BatchDot<double>(c);
        });
        b.RegisterFloatKernel("FullyConnected", c =>
        {
            if (c.Outputs[0].DType == DType.Float32) FullyConnected<float>(c);
            else FullyConnected<double>(c);
        });
    }

    private static void Dot<T>(KernelContext c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = c.P<DotParam>();
        NDArray a = c.Inputs[0], b = c.Inputs[1], o = c.Outputs[0];
        var plan = ((DotOp)c.Op).Plan(p, a.Shape, b.Shape);
        int m = plan.M, n = plan.N, k = plan.K;
        Gemm.Run(p.TransposeA, p.TransposeB, m, n, k, T.One,
            (T*)a.DataPointer, p.TransposeA ? m : k, (T*)b.DataPointer, p.TransposeB ? k : n, T.Zero, (T*)o.DataPointer, n);
    }

    private static void BatchDot<T>(KernelContext c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = c.P<DotParam>();
        NDArray a = c.Inputs[0], b = c.Inputs[1], o = c.Outputs[0];
        var (batch, m, n, k) = ((BatchDotOp)c.Op).Plan(p, a.Shape, b.Shape);
        IntPtr pa = (IntPtr)a.DataPointer, pb = (IntPtr)b.DataPointer, po = (IntPtr)o.DataPointer;
        long sa = (long)m * k, sb = (long)k * n, so = (long)m * n;
        int lda = p.TransposeA ? m : k, ldb = p.TransposeB ? k : n;
        // Small matrices: one GEMM per core-chunk of the batch; large ones are parallel inside Gemm.
        int chunk = (long)m * n * k >= (1 << 18) ? batch : Math.Max(1, batch / CpuParallel.Degree);
        CpuParallel.For(batch, chunk, (s, e) =>
        {
            for (int i = s; i < e; i++)
                Gemm.Run(p.TransposeA, p.TransposeB, m, n, k, T.One, (T*)pa + i * sa, lda, (T*)pb + i * sb, ldb, T.Zero, (T*)po + i * so, n);
        });
    }

    private static void FullyConnected<T>(KernelContext c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = c.P<FullyConnectedOp.Param>();
        NDArray x = c.Inputs[0], w = c.Inputs[1], o = c.Outputs[0];
        var (rows, inUnits) = ((FullyConnectedOp)c.Op).Geometry(p, x.Shape);
        int h = p.NumHidden;
        T* py = (T*)o.DataPointer;
        // The bias is written first and the product added onto it (beta = 1): the GEMM's own
        // read-modify-write of C replaces a separate pass over the output.
        if (!p.NoBias)
        {
            var bias = new ReadOnlySpan<T>((T*)c.Inputs[2].DataPointer, h);
            for (int r = 0; r < rows; r++) bias.CopyTo(new Span<T>(py + (long)r * h, h));
        }
        // y = x·Wᵀ: W is stored (num_hidden, in_units), i.e. the transposed operand.
        Gemm.Run(false, true, rows, h, inUnits, T.One, (T*)x.DataPointer, inUnits, (T*)w.DataPointer, inUnits,
            p.NoBias ? T.Zero : T.One, py, h);
    }
}
