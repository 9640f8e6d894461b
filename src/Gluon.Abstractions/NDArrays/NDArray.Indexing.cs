using Gluon.Ops;
using Gluon.Ops.Definitions;

namespace Gluon;

public sealed partial class NDArray
{
    /// <summary>
    /// <c>x[i]</c>: the sub-array at position <paramref name="i"/> of the first axis (negative
    /// counts from the end), the axis dropped; a view sharing this array's storage. Recorded by
    /// autograd. Setting copies the value (broadcast to the sub-array's shape) into it.
    /// </summary>
    /// <exception cref="IndexOutOfRangeException">The index is outside the first axis (the message names the index and shape).</exception>
    public NDArray this[int i]
    {
        get => this[[(NDIndex)i]];
        set => this[[(NDIndex)i]] = value;
    }

    /// <summary>
    /// Basic indexing, one entry per leading axis (integers drop their axis, ranges keep it).
    /// Leading integers followed by at most one step-1 range (with the remaining axes whole)
    /// give a view sharing storage; other selections copy through <c>slice</c>. Selecting a
    /// single element of every axis gives shape (1,), as MXNet 1.x does. Setting copies the
    /// value (broadcast to the selection's shape, converted to this dtype) into the selection
    /// through <c>_slice_assign</c>, in place.
    /// </summary>
    /// <exception cref="IndexOutOfRangeException">More indices than axes, or an integer index out of bounds.</exception>
    /// <exception cref="InvalidOperationException">Setting while recording an array already on the autograd tape.</exception>
    public NDArray this[params NDIndex[] index]
    {
        get
        {
            var (b, e, s, region, visible) = Select(index);
            if (region.Size == 0) return Nd.Empty(visible, DType, Context);
            var r = Nd.Slice(this, b, e, s);
            return r.Shape == visible ? r : Nd.ReshapeTo(r, visible);
        }
        set
        {
            var (b, e, s, region, visible) = Select(index);
            if (region.Size == 0) return;
            var v = value.Context == Context ? value : value.CopyTo(Context);
            if (v.DType != DType) v = v.AsType(DType);
            if (v.Shape != region)
            {
                if (v.Shape != visible) v = Nd.BroadcastTo(v, visible);
                v = Nd.ReshapeTo(v, region);
            }
            CheckWritable();
            Imperative.Invoke(OpRegistry.Get("_slice_assign"), new OpAttrs { { "begin", b }, { "end", e }, { "step", s } }, [this, v], outputs: [this]);
        }
    }

    /// <summary>
    /// Sets every element of the selection (the whole array when <paramref name="index"/> is
    /// empty) to <paramref name="value"/>, in place, through <c>_slice_assign_scalar</c>
    /// (<c>x[...] = scalar</c>).
    /// </summary>
    /// <exception cref="IndexOutOfRangeException">More indices than axes, or an integer index out of bounds.</exception>
    /// <exception cref="InvalidOperationException">Called while recording on an array already on the autograd tape.</exception>
    public void SetValue(double value, params NDIndex[] index)
    {
        var (b, e, s, region, _) = Select(index);
        if (region.Size == 0) return;
        CheckWritable();
        Imperative.Invoke(OpRegistry.Get("_slice_assign_scalar"),
            new OpAttrs { { "scalar", value }, { "begin", b }, { "end", e }, { "step", s } }, [this], outputs: [this]);
    }

    /// <summary>Sets every element to <paramref name="value"/> in place (<c>x[:] = value</c>).</summary>
    /// <exception cref="InvalidOperationException">Called while recording on an array already on the autograd tape.</exception>
    public void Fill(double value) => SetValue(value);

    private void CheckWritable()
    {
        // MXNet refuses to overwrite an array the tape already refers to: the recorded graph
        // would silently read the new values.
        if (Autograd.IsRecording && Entry is not null)
            throw new InvalidOperationException(
                $"assigning to an NDArray of shape {Shape} that is already in a computational graph is not supported inside a record section; " +
                "call backward first or assign outside autograd.record()");
    }

    /// <summary>Resolves an index into slice tuples, the selected box's shape (int axes kept as 1) and the visible shape (int axes dropped).</summary>
    private (int?[] Begin, int?[] End, int?[] Step, Shape Region, Shape Visible) Select(NDIndex[] index)
    {
        ThrowIfDisposed();
        if (index.Length > NDim)
            throw new IndexOutOfRangeException($"too many indices ({index.Length}) for an array of shape {Shape} ({NDim} axes)");
        int r = NDim;
        var begin = new int[r];
        var step = new int[r];
        var dims = new int[r];
        var visible = new List<int>();
        for (int i = 0; i < r; i++)
        {
            if (i < index.Length)
            {
                var (bi, si, ci) = index[i].Resolve(Shape[i], i, Shape);
                begin[i] = bi;
                step[i] = si;
                dims[i] = ci;
                if (!index[i].IsInteger) visible.Add(ci);
            }
            else
            {
                step[i] = 1;
                dims[i] = Shape[i];
                visible.Add(dims[i]);
            }
        }
        if (visible.Count == 0) visible.Add(1);
        var region = new Shape(dims);
        var (b, e, s) = SliceAssignOp.Tuples(new SliceRegion(begin, step, region));
        return (b, e, s, region, new Shape(visible.ToArray()));
    }
}
