using Gluon.Backends;
using Gluon.Ops;

namespace Gluon.Cpu;

/// <summary>
/// Runs a float-only kernel on other dtypes: converts the inputs to a compute type, runs, and
/// converts the outputs back. int32/int64/float64 compute in float64 (exact for integers up to
/// 2^53); float16, bfloat16, int8, uint8 and bool compute in float32.
/// </summary>
internal static class DTypeFallback
{
    public static Kernel Wrap(Kernel inner) => ctx =>
    {
        if (AllNative(ctx.Inputs) && AllNative(ctx.Outputs)) { inner(ctx); return; }
        DType compute = NeedsDouble(ctx.Inputs) || NeedsDouble(ctx.Outputs) ? DType.Float64 : DType.Float32;
        var ins = new NDArray[ctx.Inputs.Length];
        for (int i = 0; i < ins.Length; i++)
            ins[i] = IsNative(ctx.Inputs[i].DType) ? ctx.Inputs[i] : CastKernels.Convert(ctx.Inputs[i], compute);
        var outs = new NDArray[ctx.Outputs.Length];
        for (int i = 0; i < outs.Length; i++)
            outs[i] = IsNative(ctx.Outputs[i].DType) ? ctx.Outputs[i] : Nd.Empty(ctx.Outputs[i].Shape, compute, ctx.Context);
        inner(new KernelContext(ctx.Op, ctx.Param, ins, outs, ctx.IsTraining, ctx.Context));
        for (int i = 0; i < outs.Length; i++)
        {
            if (ReferenceEquals(outs[i], ctx.Outputs[i])) continue;
            CastKernels.ConvertInto(outs[i], ctx.Outputs[i]);
            outs[i].Dispose();
        }
        // Aux inputs mutated by the kernel (BatchNorm moving stats) must be written back.
        foreach (int a in ctx.Op.AuxInputs(ctx.Param))
            if (!ReferenceEquals(ins[a], ctx.Inputs[a])) CastKernels.ConvertInto(ins[a], ctx.Inputs[a]);
        for (int i = 0; i < ins.Length; i++)
            if (!ReferenceEquals(ins[i], ctx.Inputs[i])) ins[i].Dispose();
    };

    private static bool IsNative(DType t) => t is DType.Float32 or DType.Float64;

    private static bool AllNative(NDArray[] a)
    {
        foreach (var x in a) if (!IsNative(x.DType)) return false;
        return true;
    }

    private static bool NeedsDouble(NDArray[] a)
    {
        foreach (var x in a) if (x.DType is DType.Float64 or DType.Int32 or DType.Int64) return true;
        return false;
    }
}
