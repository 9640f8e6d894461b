using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// The widest fused-multiply-add register file the hand-written float kernels (sgemm, direct
/// convolution) use on this machine, chosen once at start-up: the same choice for all of them,
/// so their register tiles (MR rows) agree.
/// </summary>
internal enum FmaIsa
{
    /// <summary>32 zmm registers of 16 floats (AVX-512F).</summary>
    Avx512,
    /// <summary>16 ymm registers of 8 floats with FMA3 (AVX2).</summary>
    Avx2,
    /// <summary>Portable 128-bit vectors (multiply-add fused where the hardware has it).</summary>
    V128,
}

/// <summary>The <see cref="FmaIsa"/> of this process.</summary>
internal static class FmaIsaSelect
{
    /// <summary>AVX-512 when Vector512 is accelerated, else AVX2+FMA when Vector256 is, else 128-bit.</summary>
    public static readonly FmaIsa Current =
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? FmaIsa.Avx512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? FmaIsa.Avx2
        : FmaIsa.V128;
}
