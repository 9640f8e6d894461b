using System.Numerics;
using System.Numerics.Tensors;
using Gluon.Backends;
using Gluon.Ops.Definitions;
using static Gluon.Ops.Definitions.BinaryOps;

namespace Gluon.Cpu.Kernels;

/// <summary>Kernels of the unary, binary, scalar, creation and copy ops.</summary>
internal sealed class ElementwiseKernels : IKernelProvider
{
    public void Register(CpuBackend b)
    {
        foreach (var name in UnaryOps.Names)
        {
            string n = name;
            b.RegisterFloatKernel(n, c =>
            {
                if (c.Outputs[0].DType == DType.Float32) Unary<float>(n, c.Inputs[0], c.Outputs[0]);
                else Unary<double>(n, c.Inputs[0], c.Outputs[0]);
            });
        }
        foreach (var op in Gluon.Ops.OpRegistry.All)
        {
            if (op is BinaryOpDef bin)
                b.RegisterFloatKernel(bin.Name, c =>
                {
                    if (c.Outputs[0].DType == DType.Float32) Binary<float>(bin.Kind, c.Inputs[0], c.Inputs[1], c.Outputs[0]);
                    else Binary<double>(bin.Kind, c.Inputs[0], c.Inputs[1], c.Outputs[0]);
                });
            else if (op is ScalarOps.ScalarOpDef sc)
                b.RegisterFloatKernel(sc.Name, c =>
                {
                    double s = c.P<ScalarOps.Param>().Scalar;
                    if (c.Outputs[0].DType == DType.Float32) Scalar<float>(sc.Kind, c.Inputs[0], (float)s, c.Outputs[0], sc.Reversed);
                    else Scalar<double>(sc.Kind, c.Inputs[0], s, c.Outputs[0], sc.Reversed);
                });
        }
        b.RegisterKernel("_copy", Copy);
        b.RegisterKernel("_reshape_to", Copy);
        b.RegisterFloatKernel("_zeros", c => Fill(c.Outputs[0], 0));
        b.RegisterFloatKernel("_ones", c => Fill(c.Outputs[0], 1));
        b.RegisterFloatKernel("_full", c => Fill(c.Outputs[0], c.P<CreationOps.FillParam>().Value));
        b.RegisterFloatKernel("zeros_like", c => Fill(c.Outputs[0], 0));
        b.RegisterFloatKernel("ones_like", c => Fill(c.Outputs[0], 1));
        b.RegisterFloatKernel("_arange", Arange);
        b.RegisterFloatKernel("_eye", Eye);
        b.RegisterFloatKernel("broadcast_to", c =>
        {
            // Broadcasting copy: out = x + 0 through the broadcast driver would cost an add; a
            // dedicated max(x, x) is the same price, so reuse the binary driver with Maximum(x, x).
            if (c.Outputs[0].DType == DType.Float32) BinaryDriver.Run<float, MaximumOp<float>>(c.Inputs[0], c.Inputs[0], c.Outputs[0]);
            else BinaryDriver.Run<double, MaximumOp<double>>(c.Inputs[0], c.Inputs[0], c.Outputs[0]);
        });
    }

    private static unsafe void Copy(KernelContext c)
    {
        var x = c.Inputs[0];
        var o = c.Outputs[0];
        if (x.SharesStorageWith(o) && x.Offset == o.Offset) return;
        long bytes = (long)x.Size * x.DType.SizeOf();
        Buffer.MemoryCopy(x.DataPointer, o.DataPointer, bytes, bytes);
    }

    private static void Fill(NDArray o, double v)
    {
        if (o.DType == DType.Float32) o.Span<float>().Fill((float)v);
        else o.Span<double>().Fill(v);
    }

    private static void Arange(KernelContext c)
    {
        var p = c.P<CreationOps.ArangeParam>();
        double start = p.Stop is null ? 0 : p.Start;
        var o = c.Outputs[0];
        int n = o.Size;
        for (int i = 0; i < n; i++)
        {
            double v = start + (i / p.Repeat) * p.Step;
            if (o.DType == DType.Float32) o.Span<float>()[i] = (float)v;
            else o.Span<double>()[i] = v;
        }
    }

    private static void Eye(KernelContext c)
    {
        var p = c.P<CreationOps.EyeParam>();
        var o = c.Outputs[0];
        Fill(o, 0);
        for (int i = 0; i < p.N; i++)
        {
            int j = i + p.K;
            if (j < 0 || j >= p.M) continue;
            if (o.DType == DType.Float32) o.Span<float>()[i * p.M + j] = 1;
            else o.Span<double>()[i * p.M + j] = 1;
        }
    }

    private static void Unary<T>(string name, NDArray x, NDArray o) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (name)
        {
            case "negative": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Negate); break;
            case "abs": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Abs); break;
            case "sign": UnaryDriver.Run<T, SignOp<T>>(x, o); break;
            case "square": UnaryDriver.Run<T, SquareOp<T>>(x, o); break;
            case "sqrt": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Sqrt); break;
            case "rsqrt": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.ReciprocalSqrt); break;
            case "cbrt": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Cbrt); break;
            case "rcbrt": UnaryDriver.Run<T, RcbrtOp<T>>(x, o); break;
            case "exp": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Exp); break;
            case "expm1": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.ExpM1); break;
            case "log": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Log); break;
            case "log1p": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.LogP1); break;
            case "log2": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Log2); break;
            case "log10": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Log10); break;
            case "sin": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Sin); break;
            case "cos": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Cos); break;
            case "tan": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Tan); break;
            case "arcsin": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Asin); break;
            case "arccos": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Acos); break;
            case "arctan": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Atan); break;
            case "sinh": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Sinh); break;
            case "cosh": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Cosh); break;
            case "tanh": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Tanh); break;
            case "arcsinh": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Asinh); break;
            case "arccosh": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Acosh); break;
            case "arctanh": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Atanh); break;
            case "sigmoid": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Sigmoid); break;
            case "relu": UnaryDriver.Run<T, ReluOp<T>>(x, o); break;
            case "softsign": UnaryDriver.Run<T, SoftsignOp<T>>(x, o); break;
            case "erf": UnaryDriver.Run<T, ErfOp<T>>(x, o); break;
            case "floor": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Floor); break;
            case "ceil": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Ceiling); break;
            case "round": UnaryDriver.RunSpans<T>(x, o, (s, d) => TensorPrimitives.Round(s, MidpointRounding.AwayFromZero, d)); break;
            case "rint": UnaryDriver.RunSpans<T>(x, o, (s, d) => TensorPrimitives.Round(s, MidpointRounding.ToEven, d)); break;
            case "trunc":
            case "fix": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Truncate); break;
            case "reciprocal": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.Reciprocal); break;
            case "degrees": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.RadiansToDegrees); break;
            case "radians": UnaryDriver.RunSpans<T>(x, o, TensorPrimitives.DegreesToRadians); break;
            case "logical_not": UnaryDriver.Run<T, LogicalNotOp<T>>(x, o); break;
            default: throw new NotSupportedException($"{name}: no CPU kernel");
        }
    }

    private static void Binary<T>(Kind k, NDArray a, NDArray b, NDArray o) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (k)
        {
            case Kind.Add: BinaryDriver.Run<T, AddOp<T>>(a, b, o); break;
            case Kind.Sub: BinaryDriver.Run<T, SubOp<T>>(a, b, o); break;
            case Kind.Mul: BinaryDriver.Run<T, MulOp<T>>(a, b, o); break;
            case Kind.Div: BinaryDriver.Run<T, DivOp<T>>(a, b, o); break;
            case Kind.Mod: BinaryDriver.Run<T, ModOp<T>>(a, b, o); break;
            case Kind.Power: BinaryDriver.Run<T, PowerOp<T>>(a, b, o); break;
            case Kind.Maximum: BinaryDriver.Run<T, MaximumOp<T>>(a, b, o); break;
            case Kind.Minimum: BinaryDriver.Run<T, MinimumOp<T>>(a, b, o); break;
            case Kind.Hypot: BinaryDriver.Run<T, HypotOp<T>>(a, b, o); break;
            case Kind.Equal: BinaryDriver.Run<T, EqualOp<T>>(a, b, o); break;
            case Kind.NotEqual: BinaryDriver.Run<T, NotEqualOp<T>>(a, b, o); break;
            case Kind.Greater: BinaryDriver.Run<T, GreaterOp<T>>(a, b, o); break;
            case Kind.GreaterEqual: BinaryDriver.Run<T, GreaterEqualOp<T>>(a, b, o); break;
            case Kind.Lesser: BinaryDriver.Run<T, LesserOp<T>>(a, b, o); break;
            case Kind.LesserEqual: BinaryDriver.Run<T, LesserEqualOp<T>>(a, b, o); break;
            case Kind.LogicalAnd: BinaryDriver.Run<T, LogicalAndOp<T>>(a, b, o); break;
            case Kind.LogicalOr: BinaryDriver.Run<T, LogicalOrOp<T>>(a, b, o); break;
            case Kind.LogicalXor: BinaryDriver.Run<T, LogicalXorOp<T>>(a, b, o); break;
        }
    }

    private static void Scalar<T>(Kind k, NDArray x, T s, NDArray o, bool rev) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (k)
        {
            case Kind.Add: BinaryDriver.RunScalar<T, AddOp<T>>(x, s, o, rev); break;
            case Kind.Sub: BinaryDriver.RunScalar<T, SubOp<T>>(x, s, o, rev); break;
            case Kind.Mul: BinaryDriver.RunScalar<T, MulOp<T>>(x, s, o, rev); break;
            case Kind.Div: BinaryDriver.RunScalar<T, DivOp<T>>(x, s, o, rev); break;
            case Kind.Mod: BinaryDriver.RunScalar<T, ModOp<T>>(x, s, o, rev); break;
            case Kind.Power: BinaryDriver.RunScalar<T, PowerOp<T>>(x, s, o, rev); break;
            case Kind.Maximum: BinaryDriver.RunScalar<T, MaximumOp<T>>(x, s, o, rev); break;
            case Kind.Minimum: BinaryDriver.RunScalar<T, MinimumOp<T>>(x, s, o, rev); break;
            case Kind.Hypot: BinaryDriver.RunScalar<T, HypotOp<T>>(x, s, o, rev); break;
            case Kind.Equal: BinaryDriver.RunScalar<T, EqualOp<T>>(x, s, o, rev); break;
            case Kind.NotEqual: BinaryDriver.RunScalar<T, NotEqualOp<T>>(x, s, o, rev); break;
            case Kind.Greater: BinaryDriver.RunScalar<T, GreaterOp<T>>(x, s, o, rev); break;
            case Kind.GreaterEqual: BinaryDriver.RunScalar<T, GreaterEqualOp<T>>(x, s, o, rev); break;
            case Kind.Lesser: BinaryDriver.RunScalar<T, LesserOp<T>>(x, s, o, rev); break;
            case Kind.LesserEqual: BinaryDriver.RunScalar<T, LesserEqualOp<T>>(x, s, o, rev); break;
            case Kind.LogicalAnd: BinaryDriver.RunScalar<T, LogicalAndOp<T>>(x, s, o, rev); break;
            case Kind.LogicalOr: BinaryDriver.RunScalar<T, LogicalOrOp<T>>(x, s, o, rev); break;
            case Kind.LogicalXor: BinaryDriver.RunScalar<T, LogicalXorOp<T>>(x, s, o, rev); break;
        }
    }
}
