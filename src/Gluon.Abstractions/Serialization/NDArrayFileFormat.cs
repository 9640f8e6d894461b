namespace Gluon.Serialization;

/// <summary>
/// Constants of MXNet's NDArray-list file (<c>mx.nd.save</c>; formats spec §1). Everything is
/// little-endian with no padding.
/// </summary>
internal static class NDArrayFileFormat
{
    /// <summary>First uint64 of every file (<c>kMXAPINDArrayListMagic</c>).</summary>
    public const ulong ListMagic = 0x112;

    /// <summary>Record magic of MXNet 0.11 (int64 dims, no storage type).</summary>
    public const uint V1Magic = 0xF993FAC8;

    /// <summary>Record magic of MXNet 0.12–1.9 with legacy shape semantics (adds the storage type).</summary>
    public const uint V2Magic = 0xF993FAC9;

    /// <summary>Record magic written under numpy-shape semantics (same bytes as V2; ndim 0 is a scalar).</summary>
    public const uint V3Magic = 0xF993FACA;

    /// <summary>Storage type of a dense array (<c>kDefaultStorage</c>).</summary>
    public const int DenseStorage = 0;

    /// <summary>Device type written for every array: MXNet stores <c>cpu(0)</c> = (1, 0).</summary>
    public const int CpuDevType = 1;

    /// <summary>
    /// Largest ndim the reader accepts. MXNet has no hard limit, but no real array comes near
    /// it; the bound turns a garbage header (read as a v0 ndim) into a clear error instead of a
    /// long read of nonsense dims.
    /// </summary>
    public const int MaxNDim = 64;

    /// <summary>
    /// True for the dtype codes MXNet 1.9.1's serializer can size (<c>MSHADOW_TYPE_SWITCH_WITH_BOOL</c>:
    /// 0–7 and 12). Codes 8–11 (int16, uint16, uint32, uint64) fail there with "Unknown type enum".
    /// </summary>
    public static bool IsSaveable(DType t) => (int)t is >= 0 and <= 7 or 12;

    /// <summary>The numpy name of an mshadow type flag, including the ones Gluon has no dtype for.</summary>
    public static string FlagName(int flag) => flag switch
    {
        8 => "int16",
        9 => "uint16",
        10 => "uint32",
        11 => "uint64",
        _ when Enum.IsDefined(typeof(DType), flag) => ((DType)flag).Name(),
        _ => "unknown",
    };
}
