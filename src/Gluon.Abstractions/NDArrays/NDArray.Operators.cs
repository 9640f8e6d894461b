namespace Gluon;

public sealed partial class NDArray
{
    /// <summary>Elementwise sum with broadcasting (<c>broadcast_add</c>).</summary>
    public static NDArray operator +(NDArray a, NDArray b) => Nd.Add(a, b);
    /// <summary>Adds a scalar (<c>_plus_scalar</c>).</summary>
    public static NDArray operator +(NDArray a, double b) => Nd.Add(a, b);
    /// <summary>Adds a scalar (<c>_plus_scalar</c>).</summary>
    public static NDArray operator +(double a, NDArray b) => Nd.Add(a, b);
    /// <summary>Elementwise difference with broadcasting (<c>broadcast_sub</c>).</summary>
    public static NDArray operator -(NDArray a, NDArray b) => Nd.Subtract(a, b);
    /// <summary>Subtracts a scalar (<c>_minus_scalar</c>).</summary>
    public static NDArray operator -(NDArray a, double b) => Nd.Subtract(a, b);
    /// <summary>Scalar minus array (<c>_rminus_scalar</c>).</summary>
    public static NDArray operator -(double a, NDArray b) => Nd.Subtract(a, b);
    /// <summary>Elementwise product with broadcasting (<c>broadcast_mul</c>).</summary>
    public static NDArray operator *(NDArray a, NDArray b) => Nd.Multiply(a, b);
    /// <summary>Multiplies by a scalar (<c>_mul_scalar</c>).</summary>
    public static NDArray operator *(NDArray a, double b) => Nd.Multiply(a, b);
    /// <summary>Multiplies by a scalar (<c>_mul_scalar</c>).</summary>
    public static NDArray operator *(double a, NDArray b) => Nd.Multiply(a, b);
    /// <summary>Elementwise quotient with broadcasting (<c>broadcast_div</c>).</summary>
    public static NDArray operator /(NDArray a, NDArray b) => Nd.Divide(a, b);
    /// <summary>Divides by a scalar (<c>_div_scalar</c>).</summary>
    public static NDArray operator /(NDArray a, double b) => Nd.Divide(a, b);
    /// <summary>Scalar divided by array (<c>_rdiv_scalar</c>).</summary>
    public static NDArray operator /(double a, NDArray b) => Nd.Divide(a, b);
    /// <summary>Elementwise modulo with broadcasting (<c>broadcast_mod</c>).</summary>
    public static NDArray operator %(NDArray a, NDArray b) => Nd.Mod(a, b);
    /// <summary>Modulo by a scalar (<c>_mod_scalar</c>).</summary>
    public static NDArray operator %(NDArray a, double b) => Nd.Mod(a, b);
    /// <summary>Negation (<c>negative</c>).</summary>
    public static NDArray operator -(NDArray a) => Nd.Negative(a);

    // C# == and != stay reference comparisons (so `x == null` keeps working); use Nd.Equal / NotEqual.

    /// <summary>1 where a &gt; b, else 0 (<c>broadcast_greater</c>).</summary>
    public static NDArray operator >(NDArray a, NDArray b) => Nd.Greater(a, b);
    /// <summary>1 where a &lt; b, else 0 (<c>broadcast_lesser</c>).</summary>
    public static NDArray operator <(NDArray a, NDArray b) => Nd.Lesser(a, b);
    /// <summary>1 where a &gt;= b, else 0 (<c>broadcast_greater_equal</c>).</summary>
    public static NDArray operator >=(NDArray a, NDArray b) => Nd.GreaterEqual(a, b);
    /// <summary>1 where a &lt;= b, else 0 (<c>broadcast_lesser_equal</c>).</summary>
    public static NDArray operator <=(NDArray a, NDArray b) => Nd.LesserEqual(a, b);
    /// <summary>1 where a &gt; b, else 0 (<c>_greater_scalar</c>).</summary>
    public static NDArray operator >(NDArray a, double b) => Nd.Greater(a, b);
    /// <summary>1 where a &lt; b, else 0 (<c>_lesser_scalar</c>).</summary>
    public static NDArray operator <(NDArray a, double b) => Nd.Lesser(a, b);
    /// <summary>1 where a &gt;= b, else 0 (<c>_greater_equal_scalar</c>).</summary>
    public static NDArray operator >=(NDArray a, double b) => Nd.GreaterEqual(a, b);
    /// <summary>1 where a &lt;= b, else 0 (<c>_lesser_equal_scalar</c>).</summary>
    public static NDArray operator <=(NDArray a, double b) => Nd.LesserEqual(a, b);

    /// <summary>A copy converted to <paramref name="dtype"/> (<c>astype</c>); the same array when the dtype already matches and <paramref name="copy"/> is false.</summary>
    public NDArray AsType(DType dtype, bool copy = true) => !copy && dtype == DType ? this : Nd.Cast(this, dtype);

    /// <summary>A copy of this array on <paramref name="ctx"/> (<c>copyto(ctx)</c>).</summary>
    public NDArray CopyTo(Context ctx)
    {
        ThrowIfDisposed();
        if (ctx == Context) return Nd.Copy(this);
        var host = new byte[(long)Size * DType.SizeOf()];
        CopyToHost(host);
        var r = Allocate(Shape, DType, ctx);
        r.CopyFromHost(host);
        return r;
    }

    /// <summary>Copies this array's values into <paramref name="other"/> (same shape; dtype converted).</summary>
    public NDArray CopyTo(NDArray other)
    {
        ThrowIfDisposed();
        if (other.Shape != Shape)
            throw new ArgumentException($"copyto: source shape {Shape} differs from destination shape {other.Shape}");
        var src = other.Context == Context ? this : CopyTo(other.Context);
        var op = src.DType == other.DType ? "_copy" : "Cast";
        var attrs = new Ops.OpAttrs();
        if (op == "Cast") attrs.Set("dtype", other.DType);
        Ops.Imperative.Invoke(Ops.OpRegistry.Get(op), attrs, [src], outputs: [other]);
        return other;
    }

    /// <summary>This array if already on <paramref name="ctx"/>, else a copy there (<c>as_in_context</c>).</summary>
    public NDArray AsInContext(Context ctx) => ctx == Context ? this : CopyTo(ctx);

    /// <summary>Sum of all elements, or over axes (<c>x.sum()</c>).</summary>
    public NDArray Sum(int[]? axis = null, bool keepDims = false) => Nd.Sum(this, axis, keepDims);

    /// <summary>An exact reshape view (<c>x.reshape</c> without special codes).</summary>
    public NDArray ReshapeTo(params int[] shape) => Nd.ReshapeTo(this, new Shape(shape));
}
