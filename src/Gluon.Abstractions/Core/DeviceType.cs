namespace Gluon;

/// <summary>Device kinds, numbered as MXNet's <c>Context::DeviceType</c> (they appear in .params files).</summary>
public enum DeviceType
{
    /// <summary>Host CPU memory.</summary>
    Cpu = 1,
    /// <summary>CUDA device memory.</summary>
    Gpu = 2,
    /// <summary>Page-locked host memory (treated as CPU here).</summary>
    CpuPinned = 3,
    /// <summary>Shared host memory (treated as CPU here).</summary>
    CpuShared = 5,
}
