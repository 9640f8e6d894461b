using System.Numerics;
using System.Numerics.Tensors;
using Gluon.Backends;
using Gluon.Ops.Definitions;

namespace Gluon.Cpu.Kernels;

/// <summary>Kernels of Activation, LeakyReLU, Dropout and the regression output layers.</summary>
internal sealed unsafe class NnKernels : IKernelProvider
{
    public void Register(CpuBackend b)
    {
        b.RegisterFloatKernel("Activation", c =>
        {
            var t = c.P<ActivationOp.Param>().ActType;
            if (c.Outputs[0].DType == DType.Float32) Activation<float>(t, c.Inputs[0], c.Outputs[0]);
            else Activation<double>(t, c.Inputs[0], c.Outputs[0]);
        });
        b.RegisterFloatKernel("LeakyReLU", c =>
        {
            if (c.Outputs[0].DType == DType.Float32) LeakyReLU<float>(c);
            else LeakyReLU<double>(c);
        });
        b.RegisterFloatKernel("Dropout", c =>
        {
            if (c.Outputs[0].DType == DType.Float32) Dropout<float>(c);
            else Dropout<double>(c);
        });
        foreach (var op in Gluon.Ops.OpRegistry.All)
        {
            if (op is not RegressionOutputOps.RegressionOpDef reg) continue;
            b.RegisterFloatKernel(reg.Name, c =>
            {
                if (reg.Kind != RegressionOutputOps.Kind.Logistic) Copy(c.Inputs[0], c.Outputs[0]);
                else if (c.Outputs[0].DType == DType.Float32) UnaryDriver.RunSpans<float>(c.Inputs[0], c.Outputs[0], TensorPrimitives.Sigmoid);
                else UnaryDriver.RunSpans<double>(c.Inputs[0], c.Outputs[0], TensorPrimitives.Sigmoid);
            });
        }
    }

    private static void Copy(NDArray x, NDArray o)
    {
        if (x.SharesStorageWith(o) && x.Offset == o.Offset) return;
        long bytes = (long)x.Size * x.DType.SizeOf();
        Buffer.MemoryCopy(x.DataPointer, o.DataPointer, bytes, bytes);
    }

    private static void Activation<T>(ActivationOp.ActType t, NDArray x, NDArray o) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (t)
        {
            case ActivationOp.ActType.Relu: UnaryDriver.Run<T, ReluOp<T>>(x, o); break;
            case ActivationOp.ActType.Sigmoid: UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Sigmoid); break;
            case ActivationOp.ActType.Tanh: UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Tanh); break;
            case ActivationOp.ActType.SoftRelu: UnaryDriver.Run<T, SoftReluOp<T>>(x, o); break;
            default: UnaryDriver.Run<T, SoftsignOp<T>>(x, o); break;
        }
    }

    private static void LeakyReLU<T>(KernelContext c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = c.P<LeakyReLUOp.Param>();
        NDArray x = c.Inputs[0], o = c.Outputs[0];
        T* px = (T*)x.DataPointer, po = (T*)o.DataPointer;
        int n = x.Size;
        switch (p.ActType)
        {
            case LeakyReLUOp.ActType.Leaky:
                ParamUnaryDriver.Run<T, LeakyOp<T>>(px, po, n, T.CreateTruncating(p.Slope), T.One);
                break;
            case LeakyReLUOp.ActType.Elu:
                ParamUnaryDriver.Run<T, EluOp<T>>(px, po, n, T.CreateTruncating(p.Slope), T.One);
                break;
            case LeakyReLUOp.ActType.Selu:
                ParamUnaryDriver.Run<T, EluOp<T>>(px, po, n, T.CreateTruncating(LeakyReLUOp.SeluAlpha), T.CreateTruncating(LeakyReLUOp.SeluLambda));
                break;
            case LeakyReLUOp.ActType.Gelu:
                UnaryDriver.Run<T, GeluOp<T>>(x, o);
                break;
            case LeakyReLUOp.ActType.PRelu:
            {
                var gamma = c.Inputs[1];
                // gamma viewed with the data's rank (size 1 except the channel axis) so the broadcast driver applies it.
                var gv = gamma.View(LeakyReLUOp.GammaBroadcastShape(x.Shape, gamma.Shape));
                BinaryDriver.Run<T, LeakyBinaryOp<T>>(x, gv, o);
                break;
            }
            default:
            {
                var mask = c.Outputs[1];
                var m = mask.Span<T>();
                if (c.IsTraining)
                {
                    double lo = p.LowerBound, span = p.UpperBound - p.LowerBound;
                    // Drawn serially under the generator's lock so a seed reproduces the mask.
                    lock (RandomGenerator.Global)
                        for (int i = 0; i < m.Length; i++) m[i] = T.CreateTruncating(lo + span * RandomGenerator.Global.NextDouble());
                }
                else m.Fill(T.CreateTruncating((p.LowerBound + p.UpperBound) / 2));
                BinaryDriver.Run<T, LeakyBinaryOp<T>>(x, mask, o);
                break;
            }
        }
    }

    private static void Dropout<T>(KernelContext c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = c.P<DropoutOp.Param>();
        NDArray x = c.Inputs[0], o = c.Outputs[0], mask = c.Outputs[1];
        var m = mask.Span<T>();
        if (!(c.IsTraining || p.Always) || p.P == 0)
        {
            Copy(x, o);
            m.Fill(T.One);
            return;
        }
        double keep = 1 - p.P;
        // MXNet stores the scaled mask (0 or 1/(1−p)), so forward and backward are one multiply.
        T scale = keep > 0 ? T.CreateTruncating(1 / keep) : T.Zero;
        lock (RandomGenerator.Global)
            for (int i = 0; i < m.Length; i++) m[i] = RandomGenerator.Global.NextDouble() < keep ? scale : T.Zero;
        if (mask.Shape == x.Shape) TensorPrimitives.Multiply(x.Span<T>(), m, o.Span<T>());
        else BinaryDriver.Run<T, MulOp<T>>(x, mask, o);
    }
}
