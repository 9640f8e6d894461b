using System.Numerics;
using System.Runtime.Intrinsics;

namespace Gluon.Cpu.Kernels;

#pragma warning disable CS1591 // the structs are named after what they compute

public readonly struct AddOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T a, T b) => a + b;
    public static Vector128<T> Invoke(Vector128<T> a, Vector128<T> b) => a + b;
    public static Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => a + b;
    public static Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => a + b;
}

public readonly struct SubOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T a, T b) => a - b;
    public static Vector128<T> Invoke(Vector128<T> a, Vector128<T> b) => a - b;
    public static Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => a - b;
    public static Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => a - b;
}

public readonly struct MulOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T a, T b) => a * b;
    public static Vector128<T> Invoke(Vector128<T> a, Vector128<T> b) => a * b;
    public static Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => a * b;
    public static Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => a * b;
}

public readonly struct DivOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T a, T b) => a / b;
    public static Vector128<T> Invoke(Vector128<T> a, Vector128<T> b) => a / b;
    public static Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => a / b;
    public static Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => a / b;
}

/// <summary>MXNet's mod: the result takes the sign of b, and x mod 0 = 0.</summary>
public readonly struct ModOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => false;
    public static T Invoke(T a, T b)
    {
        if (b == T.Zero) return T.Zero;
        T r = a % b;
        return r != T.Zero && (r < T.Zero) != (b < T.Zero) ? r + b : r;
    }
    public static Vector128<T> Invoke(Vector128<T> a, Vector128<T> b) => throw new NotSupportedException();
    public static Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => throw new NotSupportedException();
    public static Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => throw new NotSupportedException();
}

public readonly struct PowerOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => false;
    public static T Invoke(T a, T b) => T.Pow(a, b);
    public static Vector128<T> Invoke(Vector128<T> a, Vector128<T> b) => throw new NotSupportedException();
    public static Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => throw new NotSupportedException();
    public static Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => throw new NotSupportedException();
}

public readonly struct MaximumOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T a, T b) => a > b || T.IsNaN(a) ? a : b;
    public static Vector128<T> Invoke(Vector128<T> a, Vector128<T> b) => Vector128.Max(a, b);
    public static Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => Vector256.Max(a, b);
    public static Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => Vector512.Max(a, b);
}

public readonly struct MinimumOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T a, T b) => a < b || T.IsNaN(a) ? a : b;
    public static Vector128<T> Invoke(Vector128<T> a, Vector128<T> b) => Vector128.Min(a, b);
    public static Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => Vector256.Min(a, b);
    public static Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => Vector512.Min(a, b);
}

public readonly struct HypotOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T a, T b) => T.Hypot(a, b);
    public static Vector128<T> Invoke(Vector128<T> a, Vector128<T> b) => Vector128.Sqrt(a * a + b * b);
    public static Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => Vector256.Sqrt(a * a + b * b);
    public static Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => Vector512.Sqrt(a * a + b * b);
}

public readonly struct EqualOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T a, T b) => a == b ? T.One : T.Zero;
    public static Vector128<T> Invoke(Vector128<T> a, Vector128<T> b) => Vector128.Equals(a, b) & Vector128<T>.One;
    public static Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => Vector256.Equals(a, b) & Vector256<T>.One;
    public static Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => Vector512.Equals(a, b) & Vector512<T>.One;
}

public readonly struct NotEqualOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T a, T b) => a != b ? T.One : T.Zero;
    public static Vector128<T> Invoke(Vector128<T> a, Vector128<T> b) => ~Vector128.Equals(a, b) & Vector128<T>.One;
    public static Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => ~Vector256.Equals(a, b) & Vector256<T>.One;
    public static Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => ~Vector512.Equals(a, b) & Vector512<T>.One;
}

public readonly struct GreaterOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T a, T b) => a > b ? T.One : T.Zero;
    public static Vector128<T> Invoke(Vector128<T> a, Vector128<T> b) => Vector128.GreaterThan(a, b) & Vector128<T>.One;
    public static Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => Vector256.GreaterThan(a, b) & Vector256<T>.One;
    public static Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => Vector512.GreaterThan(a, b) & Vector512<T>.One;
}

public readonly struct GreaterEqualOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T a, T b) => a >= b ? T.One : T.Zero;
    public static Vector128<T> Invoke(Vector128<T> a, Vector128<T> b) => Vector128.GreaterThanOrEqual(a, b) & Vector128<T>.One;
    public static Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => Vector256.GreaterThanOrEqual(a, b) & Vector256<T>.One;
    public static Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => Vector512.GreaterThanOrEqual(a, b) & Vector512<T>.One;
}

public readonly struct LesserOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T a, T b) => a < b ? T.One : T.Zero;
    public static Vector128<T> Invoke(Vector128<T> a, Vector128<T> b) => Vector128.LessThan(a, b) & Vector128<T>.One;
    public static Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => Vector256.LessThan(a, b) & Vector256<T>.One;
    public static Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => Vector512.LessThan(a, b) & Vector512<T>.One;
}

public readonly struct LesserEqualOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T a, T b) => a <= b ? T.One : T.Zero;
    public static Vector128<T> Invoke(Vector128<T> a, Vector128<T> b) => Vector128.LessThanOrEqual(a, b) & Vector128<T>.One;
    public static Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => Vector256.LessThanOrEqual(a, b) & Vector256<T>.One;
    public static Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => Vector512.LessThanOrEqual(a, b) & Vector512<T>.One;
}

public readonly struct LogicalAndOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T a, T b) => a != T.Zero && b != T.Zero ? T.One : T.Zero;
    public static Vector128<T> Invoke(Vector128<T> a, Vector128<T> b) => ~(Vector128.Equals(a, Vector128<T>.Zero) | Vector128.Equals(b, Vector128<T>.Zero)) & Vector128<T>.One;
    public static Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => ~(Vector256.Equals(a, Vector256<T>.Zero) | Vector256.Equals(b, Vector256<T>.Zero)) & Vector256<T>.One;
    public static Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => ~(Vector512.Equals(a, Vector512<T>.Zero) | Vector512.Equals(b, Vector512<T>.Zero)) & Vector512<T>.One;
}

public readonly struct LogicalOrOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T a, T b) => a != T.Zero || b != T.Zero ? T.One : T.Zero;
    public static Vector128<T> Invoke(Vector128<T> a, Vector128<T> b) => ~(Vector128.Equals(a, Vector128<T>.Zero) & Vector128.Equals(b, Vector128<T>.Zero)) & Vector128<T>.One;
    public static Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => ~(Vector256.Equals(a, Vector256<T>.Zero) & Vector256.Equals(b, Vector256<T>.Zero)) & Vector256<T>.One;
    public static Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => ~(Vector512.Equals(a, Vector512<T>.Zero) & Vector512.Equals(b, Vector512<T>.Zero)) & Vector512<T>.One;
}

public readonly struct LogicalXorOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T a, T b) => (a != T.Zero) != (b != T.Zero) ? T.One : T.Zero;
    public static Vector128<T> Invoke(Vector128<T> a, Vector128<T> b) => (Vector128.Equals(a, Vector128<T>.Zero) ^ Vector128.Equals(b, Vector128<T>.Zero)) & Vector128<T>.One;
    public static Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => (Vector256.Equals(a, Vector256<T>.Zero) ^ Vector256.Equals(b, Vector256<T>.Zero)) & Vector256<T>.One;
    public static Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => (Vector512.Equals(a, Vector512<T>.Zero) ^ Vector512.Equals(b, Vector512<T>.Zero)) & Vector512<T>.One;
}
