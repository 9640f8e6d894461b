using System.Numerics;
using System.Runtime.Intrinsics;

namespace Gluon.Cpu.Kernels;

#pragma warning disable CS1591 // the structs are named after what they compute

public readonly struct SignOp<T> : IUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x) => x > T.Zero ? T.One : x < T.Zero ? -T.One : T.Zero;
    public static Vector128<T> Invoke(Vector128<T> x) =>
        (Vector128.GreaterThan(x, Vector128<T>.Zero) & Vector128<T>.One) - (Vector128.LessThan(x, Vector128<T>.Zero) & Vector128<T>.One);
    public static Vector256<T> Invoke(Vector256<T> x) =>
        (Vector256.GreaterThan(x, Vector256<T>.Zero) & Vector256<T>.One) - (Vector256.LessThan(x, Vector256<T>.Zero) & Vector256<T>.One);
    public static Vector512<T> Invoke(Vector512<T> x) =>
        (Vector512.GreaterThan(x, Vector512<T>.Zero) & Vector512<T>.One) - (Vector512.LessThan(x, Vector512<T>.Zero) & Vector512<T>.One);
}

public readonly struct SoftsignOp<T> : IUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x) => x / (T.One + T.Abs(x));
    public static Vector128<T> Invoke(Vector128<T> x) => x / (Vector128<T>.One + Vector128.Abs(x));
    public static Vector256<T> Invoke(Vector256<T> x) => x / (Vector256<T>.One + Vector256.Abs(x));
    public static Vector512<T> Invoke(Vector512<T> x) => x / (Vector512<T>.One + Vector512.Abs(x));
}

public readonly struct LogicalNotOp<T> : IUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x) => x == T.Zero ? T.One : T.Zero;
    public static Vector128<T> Invoke(Vector128<T> x) => Vector128.Equals(x, Vector128<T>.Zero) & Vector128<T>.One;
    public static Vector256<T> Invoke(Vector256<T> x) => Vector256.Equals(x, Vector256<T>.Zero) & Vector256<T>.One;
    public static Vector512<T> Invoke(Vector512<T> x) => Vector512.Equals(x, Vector512<T>.Zero) & Vector512<T>.One;
}

public readonly struct ReluOp<T> : IUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x) => x > T.Zero ? x : T.Zero;
    // x & (x > 0): NaN gives 0 in every lane as in the scalar form (Vector.Max would propagate it,
    // and pays for that with extra fix-up instructions).
    public static Vector128<T> Invoke(Vector128<T> x) => x & Vector128.GreaterThan(x, Vector128<T>.Zero);
    public static Vector256<T> Invoke(Vector256<T> x) => x & Vector256.GreaterThan(x, Vector256<T>.Zero);
    public static Vector512<T> Invoke(Vector512<T> x) => x & Vector512.GreaterThan(x, Vector512<T>.Zero);
}

public readonly struct SquareOp<T> : IUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T x) => x * x;
    public static Vector128<T> Invoke(Vector128<T> x) => x * x;
    public static Vector256<T> Invoke(Vector256<T> x) => x * x;
    public static Vector512<T> Invoke(Vector512<T> x) => x * x;
}

/// <summary>1/∛x (scalar: no vector cube root in the BCL).</summary>
public readonly struct RcbrtOp<T> : IUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => false;
    public static T Invoke(T x) => T.One / T.Cbrt(x);
    public static Vector128<T> Invoke(Vector128<T> x) => throw new NotSupportedException();
    public static Vector256<T> Invoke(Vector256<T> x) => throw new NotSupportedException();
    public static Vector512<T> Invoke(Vector512<T> x) => throw new NotSupportedException();
}

/// <summary>
/// The error function (Abramowitz-Stegun 7.1.26 refined: max abs error 1.5e-7, below float32
/// resolution near 1); double inputs use the same rational form.
/// </summary>
public readonly struct ErfOp<T> : IUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => false;
    public static T Invoke(T x) => T.CreateTruncating(Erf(double.CreateTruncating(x)));
    public static Vector128<T> Invoke(Vector128<T> x) => throw new NotSupportedException();
    public static Vector256<T> Invoke(Vector256<T> x) => throw new NotSupportedException();
    public static Vector512<T> Invoke(Vector512<T> x) => throw new NotSupportedException();

    /// <summary>erf(x) to about 1e-15 (W. J. Cody's rational approximations via erfc).</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        double ax = Math.Abs(x);
        if (ax < 0.5)
        {
            // Taylor series converges fast here.
            double x2 = x * x, term = x, sum = x;
            for (int n = 1; n < 30; n++)
            {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum)) break;
            }
            return sum * 1.1283791670955126;
        }
        double r = 1.0 - Erfc(ax);
        return x < 0 ? -r : r;
    }

    private static double Erfc(double x)
    {
        if (x > 27) return 0;
        // Continued fraction (Lentz) for erfc, accurate for x >= 0.5.
        double tiny = 1e-300, f = x, c = x, d = 0;
        for (int n = 1; n < 500; n++)
        {
            double an = n * 0.5;
            d = x + an * d; d = Math.Abs(d) < tiny ? tiny : d;
            c = x + an / c; c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return Math.Exp(-x * x) / (f * 1.7724538509055160273);
    }
}
