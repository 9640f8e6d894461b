using System.Runtime.Intrinsics;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// A one-input elementwise operation as static members of a struct, so a generic driver loop
/// specialised on it inlines every call (no delegate or virtual call per element).
/// </summary>
public interface IUnaryOp<T> where T : unmanaged
{
    /// <summary>False when only <see cref="Invoke(T)"/> is meaningful (the vector overloads may throw).</summary>
    static abstract bool Vectorizable { get; }
    /// <summary>The scalar operation.</summary>
    static abstract T Invoke(T x);
    /// <summary>The operation on 4 (float) or 2 (double) lanes.</summary>
    static abstract Vector128<T> Invoke(Vector128<T> x);
    /// <summary>The operation on 8 or 4 lanes.</summary>
    static abstract Vector256<T> Invoke(Vector256<T> x);
    /// <summary>The operation on 16 or 8 lanes.</summary>
    static abstract Vector512<T> Invoke(Vector512<T> x);
}

/// <summary>A two-input elementwise operation as static members of a struct (see <see cref="IUnaryOp{T}"/>).</summary>
public interface IBinaryOp<T> where T : unmanaged
{
    /// <summary>False when only the scalar overload is meaningful.</summary>
    static abstract bool Vectorizable { get; }
    /// <summary>The scalar operation.</summary>
    static abstract T Invoke(T a, T b);
    /// <summary>The operation on 128-bit vectors.</summary>
    static abstract Vector128<T> Invoke(Vector128<T> a, Vector128<T> b);
    /// <summary>The operation on 256-bit vectors.</summary>
    static abstract Vector256<T> Invoke(Vector256<T> a, Vector256<T> b);
    /// <summary>The operation on 512-bit vectors.</summary>
    static abstract Vector512<T> Invoke(Vector512<T> a, Vector512<T> b);
}
