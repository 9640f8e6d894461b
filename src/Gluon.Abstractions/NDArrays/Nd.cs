using System.Runtime.InteropServices;
using Gluon.Ops;

namespace Gluon;

/// <summary>
/// The imperative op API, mirroring <c>mx.nd</c>: array creation here, the ops in the other
/// partial files (one per op family). Every function goes through <see cref="Imperative"/>.
/// </summary>
public static partial class Nd
{
    /// <summary>Runs op <paramref name="op"/> and returns its first output.</summary>
    internal static NDArray Op(string op, OpAttrs? attrs, params NDArray[] inputs) => Imperative.Invoke1(op, attrs, inputs);

    /// <summary>Runs op <paramref name="op"/> and returns its visible outputs.</summary>
    internal static NDArray[] Ops(string op, OpAttrs? attrs, params NDArray[] inputs)
    {
        var named = Imperative.Resolve(op);
        var def = named.Op;
        var a = attrs ?? named.NoAttrs;
        var all = Imperative.Invoke(def, a, inputs);
        int vis = def.NumVisibleOutputs(Imperative.ParseCached(def, a));
        return vis == all.Length ? all : all[..vis];
    }

    // ---- creation --------------------------------------------------------------------------

    /// <summary>An array of <paramref name="shape"/> holding a copy of <paramref name="data"/> (row-major).</summary>
    /// <exception cref="ArgumentException">The data length does not match the shape.</exception>
    public static NDArray Array<T>(ReadOnlySpan<T> data, Shape shape, Context? ctx = null) where T : unmanaged
    {
        if (data.Length != shape.Size)
            throw new ArgumentException($"nd.array: {data.Length} values do not fill shape {shape} ({shape.Size} elements)");
        var a = NDArray.Allocate(shape, DTypeInfo.Of<T>(), ctx ?? Context.Current);
        a.CopyFromHost(MemoryMarshal.AsBytes(data));
        return a;
    }

    /// <summary>A 1-D array holding a copy of <paramref name="data"/>.</summary>
    public static NDArray Array<T>(T[] data, Context? ctx = null) where T : unmanaged => Array<T>(data, new Shape(data.Length), ctx);

    /// <summary>An array with the shape and contents of a .NET array of any rank (<c>float[,]</c>, <c>int[,,]</c>...).</summary>
    public static NDArray Array(System.Array data, Context? ctx = null)
    {
        var elem = data.GetType().GetElementType()!;
        var dims = new int[data.Rank];
        for (int i = 0; i < dims.Length; i++) dims[i] = data.GetLength(i);
        var a = NDArray.Allocate(new Shape(dims), DTypeInfo.Of(elem), ctx ?? Context.Current);
        int bytes = data.Length * a.DType.SizeOf();
        if (elem == typeof(bool))
        {
            var b = new byte[data.Length];
            int k = 0;
            foreach (bool v in data) b[k++] = v ? (byte)1 : (byte)0;
            a.CopyFromHost(b);
            return a;
        }
        var h = GCHandle.Alloc(data, GCHandleType.Pinned);
        try
        {
            unsafe { a.CopyFromHost(new ReadOnlySpan<byte>((void*)h.AddrOfPinnedObject(), bytes)); }
        }
        finally { h.Free(); }
        return a;
    }

    /// <summary>An array with undefined contents (<c>nd.empty</c>).</summary>
    public static NDArray Empty(Shape shape, DType dtype = DType.Float32, Context? ctx = null) =>
        NDArray.Allocate(shape, dtype, ctx ?? Context.Current);

    /// <summary>Zeros of <paramref name="shape"/> (<c>nd.zeros</c>).</summary>
    public static NDArray Zeros(Shape shape, DType dtype = DType.Float32, Context? ctx = null) =>
        Imperative.Invoke(OpRegistry.Get("_zeros"), new OpAttrs { { "shape", shape }, { "dtype", dtype } }, [], ctx)[0];

    /// <summary>Zeros of the given dimensions (float32, current context).</summary>
    public static NDArray Zeros(params int[] shape) => Zeros(new Shape(shape));

    /// <summary>Ones of <paramref name="shape"/> (<c>nd.ones</c>).</summary>
    public static NDArray Ones(Shape shape, DType dtype = DType.Float32, Context? ctx = null) =>
        Imperative.Invoke(OpRegistry.Get("_ones"), new OpAttrs { { "shape", shape }, { "dtype", dtype } }, [], ctx)[0];

    /// <summary>Ones of the given dimensions (float32, current context).</summary>
    public static NDArray Ones(params int[] shape) => Ones(new Shape(shape));

    /// <summary>An array of <paramref name="shape"/> filled with <paramref name="value"/> (<c>nd.full</c>).</summary>
    public static NDArray Full(Shape shape, double value, DType dtype = DType.Float32, Context? ctx = null) =>
        Imperative.Invoke(OpRegistry.Get("_full"), new OpAttrs { { "shape", shape }, { "dtype", dtype }, { "value", value } }, [], ctx)[0];

    /// <summary>
    /// Evenly spaced values in [start, stop) with <paramref name="step"/>, each repeated
    /// <paramref name="repeat"/> times (<c>nd.arange</c>); with <paramref name="stop"/> null, [0, start).
    /// </summary>
    public static NDArray Arange(double start, double? stop = null, double step = 1.0, int repeat = 1, DType dtype = DType.Float32, Context? ctx = null) =>
        Imperative.Invoke(OpRegistry.Get("_arange"),
            new OpAttrs { { "start", start }, { "stop", stop }, { "step", step }, { "repeat", repeat }, { "dtype", dtype } }, [], ctx)[0];

    /// <summary>An N x M matrix with ones on diagonal <paramref name="k"/> (<c>nd.eye</c>; M = 0 means N).</summary>
    public static NDArray Eye(int n, int m = 0, int k = 0, DType dtype = DType.Float32, Context? ctx = null) =>
        Imperative.Invoke(OpRegistry.Get("_eye"), new OpAttrs { { "N", n }, { "M", m }, { "k", k }, { "dtype", dtype } }, [], ctx)[0];

    /// <summary>Zeros with the shape, dtype and context of <paramref name="x"/>.</summary>
    public static NDArray ZerosLike(NDArray x) => Op("zeros_like", null, x);

    /// <summary>Ones with the shape, dtype and context of <paramref name="x"/>.</summary>
    public static NDArray OnesLike(NDArray x) => Op("ones_like", null, x);

    /// <summary>A copy of <paramref name="x"/> (<c>nd.identity</c> / <c>_copy</c>).</summary>
    public static NDArray Copy(NDArray x) => Op("_copy", null, x);

    /// <summary><paramref name="x"/> converted to <paramref name="dtype"/> (<c>nd.cast</c>).</summary>
    public static NDArray Cast(NDArray x, DType dtype) => Op("Cast", new OpAttrs { { "dtype", dtype } }, x);

    /// <summary>An exact reshape (a view; total size must match).</summary>
    public static NDArray ReshapeTo(NDArray x, Shape shape) => Op("_reshape_to", new OpAttrs { { "shape", shape } }, x);

    /// <summary>Broadcasts size-1 axes of <paramref name="x"/> to <paramref name="shape"/> (<c>nd.broadcast_to</c>; 0 keeps a dim).</summary>
    public static NDArray BroadcastTo(NDArray x, Shape shape) => Op("broadcast_to", new OpAttrs { { "shape", shape } }, x);

    /// <summary>Blocks until all pending work on every context is done (<c>nd.waitall</c>).</summary>
    public static void WaitAll() => Backends.BackendRegistry.Get(Context.Cpu()).WaitAll(Context.Cpu());
}
