using System.Runtime.CompilerServices;

namespace Gluon.Data;

/// <summary>
/// Batches a list of items of one static type into NDArray fields. Built once per item type by
/// reflection, so batching itself runs typed code (no boxing of numbers or tuples).
/// </summary>
internal abstract class FieldBatcher<T>
{
    public abstract int FieldCount { get; }

    public abstract void Append(IReadOnlyList<T> items, List<NDArray> fields);
}

internal static class FieldBatcher
{
    public static FieldBatcher<T> For<T>() => (FieldBatcher<T>)Create(typeof(T));

    private static object Create(Type t)
    {
        if (t == typeof(NDArray)) return new NDArrayBatcher();
        if (t.IsGenericType && t.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal))
        {
            var args = t.GetGenericArguments();
            Type? open = args.Length switch
            {
                2 => typeof(TupleBatcher<,>),
                3 => typeof(TupleBatcher<,,>),
                4 => typeof(TupleBatcher<,,,>),
                _ => null,
            };
            if (open is null) throw Unsupported(t);
            var inner = args.Select(Create).ToArray();
            return Activator.CreateInstance(open.MakeGenericType(args), inner)!;
        }
        if (t.IsPrimitive || t == typeof(Half) || t == typeof(BFloat16))
        {
            try { DTypeInfo.Of(t); }
            catch (Exception e) { throw Unsupported(t, e); }
            return Activator.CreateInstance(typeof(NumberBatcher<>).MakeGenericType(t))!;
        }
        throw Unsupported(t);
    }

    private static NotSupportedException Unsupported(Type t, Exception? inner = null) =>
        new($"default batchify: items of type {t} cannot be batched (supported: NDArray, numbers, value tuples of up to 4 of those); pass a batchifyFn", inner);
}

/// <summary>Stacks NDArray items on a new axis 0 (<c>nd.stack</c>).</summary>
internal sealed class NDArrayBatcher : FieldBatcher<NDArray>
{
    public override int FieldCount => 1;

    public override void Append(IReadOnlyList<NDArray> items, List<NDArray> fields) => fields.Add(Stack(items));

    /// <summary>
    /// nd.stack(*items). Host arrays of one shape and dtype, outside autograd recording, are copied
    /// straight into the output, one memcpy per item; anything else goes through the <c>stack</c> op.
    /// </summary>
    internal static unsafe NDArray Stack(IReadOnlyList<NDArray> items)
    {
        var first = items[0];
        bool direct = !Autograd.IsRecording && first.Context.IsCpu;
        for (int i = 1; direct && i < items.Count; i++)
        {
            var x = items[i];
            direct = x.DType == first.DType && x.Context == first.Context && x.Shape == first.Shape;
        }
        if (!direct) return Nd.Stack([.. items]);
        var dims = new int[first.NDim + 1];
        dims[0] = items.Count;
        for (int d = 0; d < first.NDim; d++) dims[d + 1] = first.Shape[d];
        var result = Nd.Empty(new Shape(dims), first.DType, first.Context);
        long bytes = (long)first.Size * first.DType.SizeOf();
        byte* dst = (byte*)result.DataPointer;
        for (int i = 0; i < items.Count; i++)
            Buffer.MemoryCopy(items[i].DataPointer, dst + i * bytes, bytes, bytes);
        return result;
    }
}

/// <summary>Numbers become one 1-D NDArray of their own dtype (<c>nd.array(np.asarray(items))</c>).</summary>
internal sealed class NumberBatcher<T> : FieldBatcher<T> where T : unmanaged
{
    public override int FieldCount => 1;

    public override void Append(IReadOnlyList<T> items, List<NDArray> fields)
    {
        if (items is T[] array)
        {
            fields.Add(Nd.Array<T>(array));
            return;
        }
        var buf = new T[items.Count];
        for (int i = 0; i < buf.Length; i++) buf[i] = items[i];
        fields.Add(Nd.Array<T>(buf));
    }
}

internal sealed class TupleBatcher<T1, T2>(FieldBatcher<T1> b1, FieldBatcher<T2> b2) : FieldBatcher<(T1, T2)>
{
    public override int FieldCount => b1.FieldCount + b2.FieldCount;

    public override void Append(IReadOnlyList<(T1, T2)> items, List<NDArray> fields)
    {
        int n = items.Count;
        var a1 = new T1[n];
        var a2 = new T2[n];
        for (int i = 0; i < n; i++) (a1[i], a2[i]) = items[i];
        b1.Append(a1, fields);
        b2.Append(a2, fields);
    }
}

internal sealed class TupleBatcher<T1, T2, T3>(FieldBatcher<T1> b1, FieldBatcher<T2> b2, FieldBatcher<T3> b3) : FieldBatcher<(T1, T2, T3)>
{
    public override int FieldCount => b1.FieldCount + b2.FieldCount + b3.FieldCount;

    public override void Append(IReadOnlyList<(T1, T2, T3)> items, List<NDArray> fields)
    {
        int n = items.Count;
        var a1 = new T1[n];
        var a2 = new T2[n];
        var a3 = new T3[n];
        for (int i = 0; i < n; i++) (a1[i], a2[i], a3[i]) = items[i];
        b1.Append(a1, fields);
        b2.Append(a2, fields);
        b3.Append(a3, fields);
    }
}

internal sealed class TupleBatcher<T1, T2, T3, T4>(FieldBatcher<T1> b1, FieldBatcher<T2> b2, FieldBatcher<T3> b3, FieldBatcher<T4> b4)
    : FieldBatcher<(T1, T2, T3, T4)>
{
    public override int FieldCount => b1.FieldCount + b2.FieldCount + b3.FieldCount + b4.FieldCount;

    public override void Append(IReadOnlyList<(T1, T2, T3, T4)> items, List<NDArray> fields)
    {
        int n = items.Count;
        var a1 = new T1[n];
        var a2 = new T2[n];
        var a3 = new T3[n];
        var a4 = new T4[n];
        for (int i = 0; i < n; i++) (a1[i], a2[i], a3[i], a4[i]) = items[i];
        b1.Append(a1, fields);
        b2.Append(a2, fields);
        b3.Append(a3, fields);
        b4.Append(a4, fields);
    }
}
