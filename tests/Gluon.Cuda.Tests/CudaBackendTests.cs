namespace Gluon.Tests;

public class CudaBackendTests
{
    // The CUDA backend arrives with its own issue; until then a GPU context must fail clearly,
    // naming what is missing, rather than crash or silently fall back to the CPU.
    [Fact]
    public void GpuContextWithoutABackendRaisesAClearError()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Nd.Zeros(new Shape(2), ctx: Context.Gpu(0)));
        Assert.Contains("Gluon.Cuda", e.Message);
        Assert.Contains("gpu(0)", e.Message);
    }
}
