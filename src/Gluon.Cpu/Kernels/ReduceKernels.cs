using System.Numerics;
using System.Numerics.Tensors;
using Gluon.Backends;
using Gluon.Ops.Definitions;

namespace Gluon.Cpu.Kernels;

/// <summary>Kernels of the reduction ops.</summary>
internal sealed class ReduceKernels : IKernelProvider
{
    public void Register(CpuBackend b)
    {
        b.RegisterFloatKernel("sum", c =>
        {
            if (c.Outputs[0].DType == DType.Float32) Sum<float>(c);
            else Sum<double>(c);
        });
    }

    private static void Sum<T>(KernelContext c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = c.Inputs[0];
        var o = c.Outputs[0];
        var mask = c.P<ReduceParam>().ReducedMask(c.Op.Name, x.Shape);
        var L = ReduceLayout.Create(x.Shape, mask);
        var src = x.Span<T>();
        var dst = o.Span<T>();
        if (!L.IsSimple)
        {
            dst.Clear();
            var s = src.ToArray();
            var d = new T[dst.Length];
            L.ForEachStrided((i, j) => d[j] += s[i]);
            d.CopyTo(dst);
            return;
        }
        int outer = L.Outer, red = L.Reduce, inner = L.Inner;
        if (x.Size == 0) { dst.Clear(); return; }
        for (int b = 0; b < outer; b++)
        {
            var block = src.Slice(b * red * inner, red * inner);
            if (inner == 1)
            {
                dst[b] = TensorPrimitives.Sum<T>(block);
                continue;
            }
            var row = dst.Slice(b * inner, inner);
            block[..inner].CopyTo(row);
            for (int r = 1; r < red; r++) TensorPrimitives.Add(row, block.Slice(r * inner, inner), row);
        }
    }
}
