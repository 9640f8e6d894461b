using System.Numerics;
using System.Numerics.Tensors;
using Gluon.Backends;
using Gluon.Ops.Definitions;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Kernels of the shape/layout ops. They move bytes, so they handle every dtype directly
/// through <see cref="StridedCopy"/> (by element size); only <c>_backward_Pad</c> adds and is
/// float-only. View ops (Reshape, Flatten, ...) still need a kernel for calls with out=.
/// </summary>
internal sealed unsafe class ShapeKernels : IKernelProvider
{
    public void Register(CpuBackend b)
    {
        foreach (var name in new[] { "Reshape", "Flatten", "expand_dims", "squeeze", "reshape_like" })
            b.RegisterKernel(name, c => CopyAll(c.Inputs[0], c.Outputs[0]));
        b.RegisterKernel("transpose", c =>
        {
            var op = (TransposeOp)c.Op;
            Permute(c.Inputs[0], c.Outputs[0], op.Permutation(c.P<TransposeOp.Param>(), c.Inputs[0].Shape));
        });
        b.RegisterKernel("SwapAxis", c =>
        {
            var op = (SwapAxisOp)c.Op;
            Permute(c.Inputs[0], c.Outputs[0], op.Permutation(c.P<SwapAxisOp.Param>(), c.Inputs[0].Shape));
        });
        b.RegisterKernel("reverse", Flip);
        b.RegisterKernel("slice", c => CopyRegion(c.Inputs[0], c.Outputs[0], ((SliceOp)c.Op).Region(c.P<SliceOp.Param>(), c.Inputs[0].Shape)));
        b.RegisterKernel("slice_axis", c => CopyRegion(c.Inputs[0], c.Outputs[0], ((SliceAxisOp)c.Op).Region(c.P<SliceAxisOp.Param>(), c.Inputs[0].Shape)));
        b.RegisterKernel("slice_like", c => CopyRegion(c.Inputs[0], c.Outputs[0], ((SliceLikeOp)c.Op).Region(c.P<SliceLikeOp.Param>(), c.Inputs[0].Shape, c.Inputs[1].Shape)));
        b.RegisterKernel("_slice_assign", c =>
        {
            var r = ((SliceAssignOp)c.Op).Region(c.P<SliceOp.Param>(), c.Inputs[0].Shape);
            CopyAll(c.Inputs[0], c.Outputs[0]);
            AssignRegion(c.Inputs[1], c.Outputs[0], r);
        });
        b.RegisterKernel("_slice_assign_scalar", c =>
        {
            var p = c.P<SliceAssignScalarOp.Param>();
            var r = ((SliceAssignScalarOp)c.Op).Region(p, c.Inputs[0].Shape);
            CopyAll(c.Inputs[0], c.Outputs[0]);
            FillRegion(c.Outputs[0], r, p.Scalar);
        });
        b.RegisterKernel("Concat", Concat);
        b.RegisterKernel("stack", Stack);
        b.RegisterKernel("SliceChannel", Split);
        b.RegisterKernel("tile", Tile);
        b.RegisterKernel("repeat", Repeat);
        b.RegisterKernel("broadcast_axis", c => Broadcast(c.Inputs[0], c.Outputs[0]));
        b.RegisterKernel("broadcast_like", c => Broadcast(c.Inputs[0], c.Outputs[0]));
        b.RegisterKernel("Pad", Pad);
        b.RegisterFloatKernel("_backward_Pad", c =>
        {
            if (c.Outputs[0].DType == DType.Float32) PadBackward<float>(c);
            else PadBackward<double>(c);
        });
    }

    private static byte* Ptr(NDArray a) => (byte*)a.DataPointer;

    /// <summary>Same-size contiguous copy (skipped when in place).</summary>
    internal static void CopyAll(NDArray x, NDArray o)
    {
        if (x.SharesStorageWith(o) && x.Offset == o.Offset) return;
        long bytes = (long)x.Size * x.DType.SizeOf();
        Buffer.MemoryCopy(x.DataPointer, o.DataPointer, bytes, bytes);
    }

    private static void Permute(NDArray x, NDArray o, int[] perm)
    {
        var xs = StridedCopy.Strides(x.Shape.ToArray());
        var ss = new long[perm.Length];
        for (int i = 0; i < perm.Length; i++) ss[i] = xs[perm[i]];
        var od = o.Shape.ToArray();
        StridedCopy.Run(Ptr(x), ss, Ptr(o), StridedCopy.Strides(od), od, x.DType.SizeOf());
    }

    private static void Flip(KernelContext c)
    {
        var x = c.Inputs[0];
        var o = c.Outputs[0];
        var flip = ((FlipOp)c.Op).Axes(c.P<FlipOp.Param>(), x.Shape);
        var d = x.Shape.ToArray();
        var ss = StridedCopy.Strides(d);
        long off = 0;
        for (int i = 0; i < d.Length; i++)
        {
            if (!flip[i] || d[i] == 0) continue;
            off += (d[i] - 1) * ss[i];
            ss[i] = -ss[i];
        }
        int es = x.DType.SizeOf();
        StridedCopy.Run(Ptr(x) + off * es, ss, Ptr(o), StridedCopy.Strides(d), d, es);
    }

    /// <summary>Reads region <paramref name="r"/> of <paramref name="x"/> into contiguous <paramref name="o"/>.</summary>
    private static void CopyRegion(NDArray x, NDArray o, SliceRegion r)
    {
        var (off, ss) = RegionLayout(x.Shape, r);
        int es = x.DType.SizeOf();
        var od = r.Output.ToArray();
        StridedCopy.Run(Ptr(x) + off * es, ss, Ptr(o), StridedCopy.Strides(od), od, es);
    }

    /// <summary>Writes contiguous <paramref name="v"/> into region <paramref name="r"/> of <paramref name="o"/>.</summary>
    private static void AssignRegion(NDArray v, NDArray o, SliceRegion r)
    {
        var (off, ds) = RegionLayout(o.Shape, r);
        int es = o.DType.SizeOf();
        var vd = r.Output.ToArray();
        StridedCopy.Run(Ptr(v), StridedCopy.Strides(vd), Ptr(o) + off * es, ds, vd, es);
    }

    private static void FillRegion(NDArray o, SliceRegion r, double value)
    {
        var (off, ds) = RegionLayout(o.Shape, r);
        int es = o.DType.SizeOf();
        ulong bits = ScalarBits(value, o.DType);
        var vd = r.Output.ToArray();
        StridedCopy.Run((byte*)&bits, new long[vd.Length], Ptr(o) + off * es, ds, vd, es);
    }

    /// <summary>Element offset of the region's first element and its per-axis strides in a row-major array.</summary>
    private static (long Offset, long[] Strides) RegionLayout(Shape x, SliceRegion r)
    {
        var xs = StridedCopy.Strides(x.ToArray());
        var s = new long[xs.Length];
        long off = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            off += r.Begin[i] * xs[i];
            s[i] = xs[i] * r.Step[i];
        }
        return (off, s);
    }

    /// <summary>The bit pattern of <paramref name="value"/> converted to <paramref name="dtype"/>, in the low bytes.</summary>
    internal static ulong ScalarBits(double value, DType dtype)
    {
        if (dtype == DType.Float64) return (ulong)BitConverter.DoubleToInt64Bits(value);
        using var one = Nd.Array<double>([value]);
        using var conv = CastKernels.Convert(one, dtype);
        ulong bits = 0;
        Buffer.MemoryCopy(conv.DataPointer, &bits, 8, dtype.SizeOf());
        return bits;
    }

    /// <summary>(outer, axis, inner) sizes of <paramref name="s"/> around <paramref name="axis"/>.</summary>
    private static (int Outer, int Axis, int Inner) Around(Shape s, int axis) => (s.SizeOf(0, axis), s[axis], s.SizeOf(axis + 1, s.Rank));

    private static void Concat(KernelContext c)
    {
        var o = c.Outputs[0];
        int ax = o.Shape.NormalizeAxis(c.P<ConcatOp.Param>().Dim, "Concat");
        var (outer, total, inner) = Around(o.Shape, ax);
        int es = o.DType.SizeOf();
        long start = 0;
        foreach (var x in c.Inputs)
        {
            int run = x.Shape[ax] * inner;
            StridedCopy.Run(Ptr(x), [run, 1], Ptr(o) + start * es, [(long)total * inner, 1], [outer, run], es);
            start += run;
        }
    }

    private static void Stack(KernelContext c)
    {
        var o = c.Outputs[0];
        int ax = c.Inputs[0].Shape.NormalizeAxis(c.P<StackOp.Param>().Axis, "stack", rankExtra: 1);
        var (outer, n, inner) = Around(o.Shape, ax);
        int es = o.DType.SizeOf();
        for (int i = 0; i < c.Inputs.Length; i++)
            StridedCopy.Run(Ptr(c.Inputs[i]), [inner, 1], Ptr(o) + (long)i * inner * es, [(long)n * inner, 1], [outer, inner], es);
    }

    private static void Split(KernelContext c)
    {
        var x = c.Inputs[0];
        int ax = x.Shape.NormalizeAxis(c.P<SliceChannelOp.Param>().Axis, "SliceChannel");
        var (outer, total, inner) = Around(x.Shape, ax);
        int es = x.DType.SizeOf();
        int run = total / c.Outputs.Length * inner;
        for (int i = 0; i < c.Outputs.Length; i++)
            StridedCopy.Run(Ptr(x) + (long)i * run * es, [(long)total * inner, 1], Ptr(c.Outputs[i]), [run, 1], [outer, run], es);
    }

    private static void Tile(KernelContext c)
    {
        var x = c.Inputs[0];
        var o = c.Outputs[0];
        var (d, k) = TileOp.Aligned(c.P<TileOp.Param>(), x.Shape);
        var xs = StridedCopy.Strides(d);
        var shape = new int[2 * d.Length];
        var ss = new long[2 * d.Length];
        for (int i = 0; i < d.Length; i++)
        {
            shape[2 * i] = k[i];
            shape[2 * i + 1] = d[i];
            ss[2 * i + 1] = xs[i];
        }
        StridedCopy.Run(Ptr(x), ss, Ptr(o), StridedCopy.Strides(shape), shape, x.DType.SizeOf());
    }

    private static void Repeat(KernelContext c)
    {
        var x = c.Inputs[0];
        var p = c.P<RepeatOp.Param>();
        var (outer, n, inner) = ((RepeatOp)c.Op).Layout(p, x.Shape);
        int[] shape = [outer, n, p.Repeats, inner];
        StridedCopy.Run(Ptr(x), [(long)n * inner, inner, 0, 1], Ptr(c.Outputs[0]), StridedCopy.Strides(shape), shape, x.DType.SizeOf());
    }

    /// <summary>Same-rank broadcast: size-1 input axes read with stride 0.</summary>
    private static void Broadcast(NDArray x, NDArray o)
    {
        var xd = x.Shape.ToArray();
        var od = o.Shape.ToArray();
        var ss = StridedCopy.Strides(xd);
        for (int i = 0; i < xd.Length; i++) if (xd[i] == 1 && od[i] != 1) ss[i] = 0;
        StridedCopy.Run(Ptr(x), ss, Ptr(o), StridedCopy.Strides(od), od, x.DType.SizeOf());
    }

    private static void Pad(KernelContext c)
    {
        var x = c.Inputs[0];
        var o = c.Outputs[0];
        var p = c.P<PadOp.Param>();
        int es = o.DType.SizeOf();
        var xd = x.Shape.ToArray();
        var od = o.Shape.ToArray();
        var os = StridedCopy.Strides(od);
        if (p.Mode == "constant")
        {
            ulong bits = ScalarBits(p.Value, o.DType);
            StridedCopy.Run((byte*)&bits, new long[od.Length], Ptr(o), os, od, es);
        }
        long interior = 0;
        for (int i = 0; i < od.Length; i++) interior += p.Width[2 * i] * os[i];
        StridedCopy.Run(Ptr(x), StridedCopy.Strides(xd), Ptr(o) + interior * es, os, xd, es);
        if (p.Mode == "constant") return;
        // Separable: pad one axis at a time, copying whole hyperplanes from inside the output.
        // Planes of axes not yet padded hold garbage in their own borders, fixed when those
        // axes are processed (their copies then read planes this pass completed).
        for (int a = 0; a < od.Length; a++)
        {
            int before = p.Width[2 * a], n = xd[a];
            if (p.Width[2 * a] + p.Width[2 * a + 1] == 0) continue;
            var plane = (int[])od.Clone();
            plane[a] = 1;
            for (int j = 0; j < od[a]; j++)
            {
                if (j >= before && j < before + n) continue;
                int src = SourceIndex(p.Mode, j, before, n);
                StridedCopy.Run(Ptr(o) + src * os[a] * es, os, Ptr(o) + j * os[a] * es, os, plane, es);
            }
        }
    }

    /// <summary>The interior index that border index <paramref name="j"/> copies (edge or reflect).</summary>
    private static int SourceIndex(string mode, int j, int before, int n)
    {
        int last = before + n - 1;
        if (mode == "edge") return j < before ? before : last;
        return j < before ? before + (before - j) : last - (j - last);
    }

    private static void PadBackward<T>(KernelContext c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var g = c.Inputs[0];
        var o = c.Outputs[0];
        var p = c.P<PadOp.Param>();
        var gd = g.Shape.ToArray();
        var xd = o.Shape.ToArray();
        var gs = StridedCopy.Strides(gd);
        var buf = g.Span<T>().ToArray();
        // Adjoint of the forward's axis-by-axis copies, in reverse axis order: each border plane
        // is added into the interior plane it was copied from.
        for (int a = gd.Length - 1; a >= 0; a--)
        {
            int before = p.Width[2 * a], n = xd[a];
            if (p.Width[2 * a] + p.Width[2 * a + 1] == 0) continue;
            int outer = g.Shape.SizeOf(0, a), inner = g.Shape.SizeOf(a + 1, gd.Length);
            for (int j = 0; j < gd[a]; j++)
            {
                if (j >= before && j < before + n) continue;
                int src = SourceIndex(p.Mode, j, before, n);
                AddPlane<T>(buf, outer, gd[a], inner, j, src);
            }
        }
        long interior = 0;
        for (int i = 0; i < gd.Length; i++) interior += p.Width[2 * i] * gs[i];
        fixed (T* bp = buf)
            StridedCopy.Run((byte*)(bp + interior), gs, Ptr(o), StridedCopy.Strides(xd), xd, sizeof(T));
    }

    // buf[o, to, :] += buf[o, from, :] over a (outer, axis, inner) layout.
    private static void AddPlane<T>(T[] buf, int outer, int axis, int inner, int from, int to) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = buf.AsSpan();
        for (int o = 0; o < outer; o++)
        {
            int baseIdx = o * axis * inner;
            var dst = s.Slice(baseIdx + to * inner, inner);
            TensorPrimitives.Add<T>(dst, s.Slice(baseIdx + from * inner, inner), dst);
        }
    }
}
