using Gluon.Backends;
using Gluon.Ops;

namespace Gluon.Tests.Ops;

public class KernelCoverageTests
{
    // Every op definition must have a CPU kernel: view ops too, since a call with out= copies.
    [Fact]
    public void EveryRegisteredOpHasACpuKernel()
    {
        var backend = BackendRegistry.Get(Context.Cpu());
        var missing = OpRegistry.All.Where(op => backend.FindKernel(op.Name) is null).Select(op => op.Name).OrderBy(n => n).ToList();
        Assert.True(missing.Count == 0, "ops without a CPU kernel: " + string.Join(", ", missing));
    }

    [Fact]
    public void InPlaceWriteToAVariableWhileRecordingRaises()
    {
        var w = Nd.Ones(3);
        w.AttachGrad();
        using (Autograd.Record())
            Check.Throws<InvalidOperationException>(() => (w * 2.0).CopyTo(w), "_copy", "AttachGrad");
        (w * 2.0).CopyTo(w); // outside recording it is the optimizer's update
        Assert.Equal(new float[] { 2, 2, 2 }, w.ToArray<float>());
    }
}
