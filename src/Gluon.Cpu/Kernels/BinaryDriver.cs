using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Runs an <see cref="IBinaryOp{T}"/> over two arrays with numpy broadcasting, or over an array
/// and a scalar. Broadcast axes get stride 0; adjacent axes that stay contiguous for both inputs
/// are merged so the inner loop is as long as possible; rows are split over the cores when large.
/// </summary>
public static unsafe class BinaryDriver
{
    private const int ParallelThreshold = 1 << 16;

    /// <summary>out = op(a, b) with broadcasting; all three contiguous, out has the broadcast shape.</summary>
    public static void Run<T, TOp>(NDArray a, NDArray b, NDArray o) where T : unmanaged where TOp : struct, IBinaryOp<T>
    {
        int n = o.Size;
        if (n == 0) return;
        T* pa = (T*)a.DataPointer, pb = (T*)b.DataPointer, po = (T*)o.DataPointer;
        if (a.Shape == o.Shape && b.Shape == o.Shape) { Flat<T, TOp>(pa, 1, pb, 1, po, n); return; }
        if (b.Size == 1 && a.Shape == o.Shape) { Flat<T, TOp>(pa, 1, pb, 0, po, n); return; }
        if (a.Size == 1 && b.Shape == o.Shape) { Flat<T, TOp>(pa, 0, pb, 1, po, n); return; }

        Collapse(a.Shape, b.Shape, o.Shape, out int[] dims, out int[] sa, out int[] sb);
        int r = dims.Length, inner = dims[r - 1];
        int rows = n / inner;
        int isa = sa[r - 1], isb = sb[r - 1];
        var dimsC = dims; var saC = sa; var sbC = sb;
        CpuParallel.For(rows, Math.Max(1, ParallelThreshold / inner), (start, end) =>
        {
            for (int row = start; row < end; row++)
            {
                // Odometer over the outer axes: offsets of this row in a and b.
                long offA = 0, offB = 0;
                int rem = row;
                for (int d = r - 2; d >= 0; d--)
                {
                    int idx = rem % dimsC[d];
                    rem /= dimsC[d];
                    offA += (long)idx * saC[d];
                    offB += (long)idx * sbC[d];
                }
                Loop<T, TOp>(pa + offA, isa, pb + offB, isb, po + (long)row * inner, inner);
            }
        });
    }

    /// <summary>out = op(x, s), or op(s, x) when <paramref name="reversed"/>.</summary>
    public static void RunScalar<T, TOp>(NDArray x, T s, NDArray o, bool reversed) where T : unmanaged where TOp : struct, IBinaryOp<T>
    {
        int n = o.Size;
        if (n == 0) return;
        T* px = (T*)x.DataPointer, po = (T*)o.DataPointer;
        T* ps = &s;
        if (reversed) Flat<T, TOp>(ps, 0, px, 1, po, n);
        else Flat<T, TOp>(px, 1, ps, 0, po, n);
    }

    private static void Flat<T, TOp>(T* a, int sa, T* b, int sb, T* o, int n) where T : unmanaged where TOp : struct, IBinaryOp<T>
    {
        if (n < ParallelThreshold) { Loop<T, TOp>(a, sa, b, sb, o, n); return; }
        // A scalar operand may live on this thread's stack; copy it so worker threads read a stable value.
        T sva = *a, svb = *b;
        IntPtr ia = (IntPtr)a, ib = (IntPtr)b, io = (IntPtr)o;
        CpuParallel.For(n, ParallelThreshold / 2, (s, e) =>
        {
            T la = sva, lb = svb;
            T* pa = sa == 0 ? &la : (T*)ia + s;
            T* pb = sb == 0 ? &lb : (T*)ib + s;
            Loop<T, TOp>(pa, sa, pb, sb, (T*)io + s, e - s);
        });
    }

    /// <summary>Inner loop; strides are 1 (contiguous) or 0 (broadcast value).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Loop<T, TOp>(T* a, int sa, T* b, int sb, T* o, int n) where T : unmanaged where TOp : struct, IBinaryOp<T>
    {
        if (sa == 1 && sb == 1) LoopVV<T, TOp>(a, b, o, n);
        else if (sa == 1) LoopVS<T, TOp>(a, *b, o, n);
        else if (sb == 1) LoopSV<T, TOp>(*a, b, o, n);
        else
        {
            T v = TOp.Invoke(*a, *b);
            new Span<T>(o, n).Fill(v);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void LoopVV<T, TOp>(T* a, T* b, T* o, int n) where T : unmanaged where TOp : struct, IBinaryOp<T>
    {
        int i = 0;
        if (TOp.Vectorizable)
        {
            if (Vector512.IsHardwareAccelerated)
                for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
                    TOp.Invoke(Vector512.Load(a + i), Vector512.Load(b + i)).Store(o + i);
            if (Vector256.IsHardwareAccelerated)
                for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
                    TOp.Invoke(Vector256.Load(a + i), Vector256.Load(b + i)).Store(o + i);
            if (Vector128.IsHardwareAccelerated)
                for (; i <= n - Vector128<T>.Count; i += Vector128<T>.Count)
                    TOp.Invoke(Vector128.Load(a + i), Vector128.Load(b + i)).Store(o + i);
        }
        for (; i < n; i++) o[i] = TOp.Invoke(a[i], b[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void LoopVS<T, TOp>(T* a, T b, T* o, int n) where T : unmanaged where TOp : struct, IBinaryOp<T>
    {
        int i = 0;
        if (TOp.Vectorizable)
        {
            if (Vector512.IsHardwareAccelerated)
            {
                var vb = Vector512.Create(b);
                for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count) TOp.Invoke(Vector512.Load(a + i), vb).Store(o + i);
            }
            if (Vector256.IsHardwareAccelerated)
            {
                var vb = Vector256.Create(b);
                for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count) TOp.Invoke(Vector256.Load(a + i), vb).Store(o + i);
            }
            if (Vector128.IsHardwareAccelerated)
            {
                var vb = Vector128.Create(b);
                for (; i <= n - Vector128<T>.Count; i += Vector128<T>.Count) TOp.Invoke(Vector128.Load(a + i), vb).Store(o + i);
            }
        }
        for (; i < n; i++) o[i] = TOp.Invoke(a[i], b);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void LoopSV<T, TOp>(T a, T* b, T* o, int n) where T : unmanaged where TOp : struct, IBinaryOp<T>
    {
        int i = 0;
        if (TOp.Vectorizable)
        {
            if (Vector512.IsHardwareAccelerated)
            {
                var va = Vector512.Create(a);
                for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count) TOp.Invoke(va, Vector512.Load(b + i)).Store(o + i);
            }
            if (Vector256.IsHardwareAccelerated)
            {
                var va = Vector256.Create(a);
                for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count) TOp.Invoke(va, Vector256.Load(b + i)).Store(o + i);
            }
            if (Vector128.IsHardwareAccelerated)
            {
                var va = Vector128.Create(a);
                for (; i <= n - Vector128<T>.Count; i += Vector128<T>.Count) TOp.Invoke(va, Vector128.Load(b + i)).Store(o + i);
            }
        }
        for (; i < n; i++) o[i] = TOp.Invoke(a, b[i]);
    }

    /// <summary>
    /// Broadcast strides of a and b against the output shape, with mergeable adjacent axes merged.
    /// Public so other broadcasting kernels (where, broadcast_to) can share it.
    /// </summary>
    public static void Collapse(Shape a, Shape b, Shape o, out int[] dims, out int[] sa, out int[] sb)
    {
        int r = Math.Max(1, o.Rank);
        var d = new int[r];
        var s1 = Strides(a, o, r);
        var s2 = Strides(b, o, r);
        for (int i = 0; i < r; i++) d[i] = o.Rank == 0 ? 1 : o[i];
        // Size-1 output axes never move an index: drop them all (a trailing one would otherwise
        // make the inner loop one element long), then merge axes that stay contiguous for both.
        var ld = new List<int>();
        var la = new List<int>();
        var lb = new List<int>();
        for (int i = r - 1; i >= 0; i--)
        {
            if (d[i] == 1) continue;
            int k = ld.Count - 1;
            if (k >= 0 && s1[i] == la[k] * ld[k] && s2[i] == lb[k] * ld[k]) { ld[k] *= d[i]; continue; }
            ld.Add(d[i]); la.Add(s1[i]); lb.Add(s2[i]);
        }
        if (ld.Count == 0) { ld.Add(1); la.Add(0); lb.Add(0); }
        ld.Reverse(); la.Reverse(); lb.Reverse();
        dims = ld.ToArray(); sa = la.ToArray(); sb = lb.ToArray();
    }

    /// <summary>Strides of <paramref name="x"/> right-aligned to rank <paramref name="r"/>, 0 on broadcast axes.</summary>
    public static int[] Strides(Shape x, Shape o, int r)
    {
        var s = new int[r];
        int acc = 1;
        for (int i = r - 1; i >= 0; i--)
        {
            int xi = i - (r - x.Rank);
            int dim = xi >= 0 ? x[xi] : 1;
            int od = o.Rank == 0 ? 1 : o[i];
            s[i] = dim == 1 && od != 1 ? 0 : acc;
            acc *= dim;
        }
        return s;
    }
}
