using System.Runtime.CompilerServices;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// The 1-D transforms of F(4, 3) on six (or three) values held lane-wise, factored into shared
/// sums so each costs a few adds and FMAs. Interpolation points 0, ±1, ±1/2 and ∞ rather than
/// Lavin's 0, ±1, ±2: the same operation count, and on the convolution tests' data (64 channels,
/// values in [−1, 1]) the worst element error against the 1e-4 + 1e-4·|y| tolerance fell from
/// 1.21 of it to 0.73 (the output transform's largest coefficient is 1 instead of 8):
/// Bᵀ = [1 0 −5 0 4 0; 0 −1 −1 4 4 0; 0 1 −1 −4 4 0; 0 −1 −2 1 2 0; 0 1 −2 −1 2 0; 0 1 0 −5 0 4],
/// G = [1 0 0; 1/6 1/6 1/6; 1/6 −1/6 1/6; −4/3 −2/3 −1/3; −4/3 2/3 −1/3; 0 0 1/4],
/// Aᵀ = [1 1 1 1 1 0; 0 1 −1 1/2 −1/2 0; 0 1 1 1/4 1/4 0; 0 1 −1 1/8 −1/8 1].
/// </summary>
internal static class WinogradTransforms1D
{
    /// <summary>v = Bᵀ d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Input<TV, T>(TV d0, TV d1, TV d2, TV d3, TV d4, TV d5, out TV v0, out TV v1, out TV v2, out TV v3, out TV v4, out TV v5)
        where TV : struct where T : IWinogradVec<TV>
    {
        TV p4 = T.Splat(4f), m5 = T.Splat(-5f), two = T.Splat(2f);
        TV t1 = T.MulAdd(p4, d4, T.Sub(default, d2)), t2 = T.MulAdd(p4, d3, T.Sub(default, d1));
        v1 = T.Add(t1, t2);
        v2 = T.Sub(t1, t2);
        TV t3 = T.Mul(T.Sub(d4, d2), two), t4 = T.Sub(d3, d1);
        v3 = T.Add(t3, t4);
        v4 = T.Sub(t3, t4);
        v0 = T.Add(d0, T.MulAdd(p4, d4, T.Mul(m5, d2)));
        v5 = T.Add(d1, T.MulAdd(p4, d5, T.Mul(m5, d3)));
    }

    /// <summary>y = Aᵀ m.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Output<TV, T>(TV m0, TV m1, TV m2, TV m3, TV m4, TV m5, out TV y0, out TV y1, out TV y2, out TV y3)
        where TV : struct where T : IWinogradVec<TV>
    {
        TV a = T.Add(m1, m2), b = T.Sub(m1, m2), c = T.Add(m3, m4), d = T.Sub(m3, m4);
        y0 = T.Add(T.Add(m0, a), c);
        y1 = T.MulAdd(T.Splat(0.5f), d, b);
        y2 = T.MulAdd(T.Splat(0.25f), c, a);
        y3 = T.Add(T.MulAdd(T.Splat(0.125f), d, b), m5);
    }

    /// <summary>r = G (a, b, c).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Filter<TV, T>(TV a, TV b, TV c, out TV r0, out TV r1, out TV r2, out TV r3, out TV r4, out TV r5)
        where TV : struct where T : IWinogradVec<TV>
    {
        TV s = T.Add(a, c), q = T.MulAdd(T.Splat(4f), a, c), h = T.Add(b, b);
        r0 = a;
        r1 = T.Mul(T.Add(s, b), T.Splat(1f / 6));
        r2 = T.Mul(T.Sub(s, b), T.Splat(1f / 6));
        r3 = T.Mul(T.Add(q, h), T.Splat(-1f / 3));
        r4 = T.Mul(T.Sub(q, h), T.Splat(-1f / 3));
        r5 = T.Mul(c, T.Splat(0.25f));
    }
}
