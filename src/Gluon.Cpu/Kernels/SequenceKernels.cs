using System.Numerics;
using Gluon.Backends;
using Gluon.Ops.Definitions;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Kernels of SequenceMask (float, fills a value), SequenceLast and SequenceReverse (raw element
/// moves, every dtype). Data is (T, B, rest) for axis 0 and (B, T, rest) for axis 1.
/// </summary>
internal sealed unsafe class SequenceKernels : IKernelProvider
{
    public void Register(CpuBackend b)
    {
        b.RegisterFloatKernel("SequenceMask", c =>
        {
            if (c.Outputs[0].DType == DType.Float32) Mask<float>(c);
            else Mask<double>(c);
        });
        b.RegisterKernel("SequenceLast", Last);
        b.RegisterKernel("SequenceReverse", Reverse);
    }

    /// <summary>Time length, batch size and elements per (t, b) slice.</summary>
    private static (int T, int B, int Slice) Dims(Shape s, SequenceParam p) =>
        (s[p.Axes.Time], s[p.Axes.Batch], s.SizeOf(2, s.Rank));

    /// <summary>Element offset of slice (t, b).</summary>
    private static long SliceOffset(int t, int b, int T, int B, int rest, int axis) =>
        (axis == 0 ? (long)t * B + b : (long)b * T + t) * rest;

    /// <summary>Per-batch lengths (truncated), or T for every entry without <c>use_sequence_length</c>.</summary>
    private static long[] Lengths(KernelContext c, SequenceParam p, int T, int B)
    {
        var len = new long[B];
        if (p.UseSequenceLength) IndexReader.Read(c.Inputs[1], len);
        else Array.Fill(len, T);
        return len;
    }

    private static void Mask<T>(KernelContext c) where T : unmanaged, INumber<T>
    {
        var p = c.P<SequenceParam>();
        var x = c.Inputs[0];
        var o = c.Outputs[0];
        x.Span<T>().CopyTo(o.Span<T>());
        if (!p.UseSequenceLength || o.Size == 0) return;
        var (tl, bl, rest) = Dims(x.Shape, p);
        var len = Lengths(c, p, tl, bl);
        T v = T.CreateTruncating(p.Value);
        var dst = o.Span<T>();
        for (int b = 0; b < bl; b++)
            for (long t = Math.Max(0, len[b]); t < tl; t++)
                dst.Slice((int)SliceOffset((int)t, b, tl, bl, rest, p.Axis), rest).Fill(v);
    }

    /// <summary>
    /// Dims and per-batch lengths of a SequenceLast/SequenceReverse call, with every length
    /// checked to lie in [<paramref name="minLength"/>, T]; also the bytes per (t, b) slice.
    /// </summary>
    private static (long[] Len, int T, int B, int Slice, long Bytes) CheckedLengths(KernelContext c, SequenceParam p, string op, int minLength)
    {
        var x = c.Inputs[0];
        var (tl, bl, rest) = Dims(x.Shape, p);
        var len = Lengths(c, p, tl, bl);
        for (int b = 0; b < bl; b++)
            if (len[b] < minLength || len[b] > tl)
                throw new ArgumentOutOfRangeException("sequence_length", $"{op}: sequence_length[{b}] = {len[b]} is out of range [{minLength}, {tl}] for data {x.Shape}");
        return (len, tl, bl, rest, (long)rest * x.DType.SizeOf());
    }

    private static void Last(KernelContext c)
    {
        var p = c.P<SequenceParam>();
        if (c.Outputs[0].Size == 0) return;
        var (len, tl, bl, rest, bytes) = CheckedLengths(c, p, "SequenceLast", 1);
        byte* src = (byte*)c.Inputs[0].DataPointer, dst = (byte*)c.Outputs[0].DataPointer;
        for (int b = 0; b < bl; b++)
        {
            long from = SliceOffset((int)len[b] - 1, b, tl, bl, rest, p.Axis) / Math.Max(1, rest);
            Buffer.MemoryCopy(src + from * bytes, dst + b * bytes, bytes, bytes);
        }
    }

    private static void Reverse(KernelContext c)
    {
        var p = c.P<SequenceParam>();
        if (c.Outputs[0].Size == 0) return;
        var (len, tl, bl, _, bytes) = CheckedLengths(c, p, "SequenceReverse", 0);
        byte* src = (byte*)c.Inputs[0].DataPointer, dst = (byte*)c.Outputs[0].DataPointer;
        for (int t = 0; t < tl; t++)
            for (int b = 0; b < bl; b++)
            {
                long st = t < len[b] ? len[b] - 1 - t : t;
                Buffer.MemoryCopy(src + ((long)st * bl + b) * bytes, dst + ((long)t * bl + b) * bytes, bytes, bytes);
            }
    }
}
