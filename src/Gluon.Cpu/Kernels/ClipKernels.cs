using System.Numerics;
using System.Numerics.Tensors;
using Gluon.Backends;
using Gluon.Ops.Definitions;

namespace Gluon.Cpu.Kernels;

/// <summary>Kernels of <c>clip</c> and <c>hard_sigmoid</c> (vectorized clamp, split over cores when large).</summary>
internal sealed unsafe class ClipKernels : IKernelProvider
{
    private const int ParallelThreshold = 1 << 15;

    public void Register(CpuBackend b)
    {
        b.RegisterFloatKernel("clip", c =>
        {
            var p = c.P<ClipOp.Param>();
            if (c.Outputs[0].DType == DType.Float32) Clip(c.Inputs[0], c.Outputs[0], (float)p.AMin, (float)p.AMax, 1f, 0f, false);
            else Clip(c.Inputs[0], c.Outputs[0], p.AMin, p.AMax, 1.0, 0.0, false);
        });
        b.RegisterFloatKernel("hard_sigmoid", c =>
        {
            var p = c.P<HardSigmoidOp.Param>();
            if (c.Outputs[0].DType == DType.Float32) Clip(c.Inputs[0], c.Outputs[0], 0f, 1f, (float)p.Alpha, (float)p.Beta, true);
            else Clip(c.Inputs[0], c.Outputs[0], 0.0, 1.0, p.Alpha, p.Beta, true);
        });
    }

    /// <summary>o = clamp(affine ? alpha·x + beta : x, lo, hi), in chunks over the cores.</summary>
    private static void Clip<T>(NDArray x, NDArray o, T lo, T hi, T alpha, T beta, bool affine) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = o.Size;
        if (n == 0) return;
        IntPtr px = (IntPtr)x.DataPointer, po = (IntPtr)o.DataPointer;
        CpuParallel.For(n, n < ParallelThreshold ? n : ParallelThreshold / 2, (s, e) =>
        {
            T* src = (T*)px + s, dst = (T*)po + s;
            if (affine)
            {
                // Unfused multiply then add, as MXNet's alpha * x + beta rounds.
                var d = new Span<T>(dst, e - s);
                TensorPrimitives.Multiply<T>(new ReadOnlySpan<T>(src, e - s), alpha, d);
                TensorPrimitives.Add<T>(d, beta, d);
                src = dst;
            }
            ElementwiseSelect.Clip(src, dst, e - s, lo, hi);
        });
    }
}
