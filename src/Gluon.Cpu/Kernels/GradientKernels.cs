using System.Numerics;
using System.Runtime.Intrinsics;
using Gluon.Backends;

namespace Gluon.Cpu.Kernels;

/// <summary>Kernels of fused backward ops that replace chains of elementwise ops in training steps (<c>_backward_relu</c>).</summary>
internal sealed class GradientKernels : IKernelProvider
{
    public void Register(CpuBackend b)
    {
        b.RegisterFloatKernel("_backward_relu", c =>
        {
            if (c.Outputs[0].DType == DType.Float32) BinaryDriver.Run<float, ReluGradOp<float>>(c.Inputs[0], c.Inputs[1], c.Outputs[0]);
            else BinaryDriver.Run<double, ReluGradOp<double>>(c.Inputs[0], c.Inputs[1], c.Outputs[0]);
        });
    }

    /// <summary>
    /// out_grad · (output &gt; 0 ? 1 : 0): a product with the 0/1 factor rather than a select, so an
    /// infinite or NaN out_grad where the output is not positive gives NaN, as MXNet's product does.
    /// </summary>
    private readonly struct ReluGradOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static bool Vectorizable => true;
        public static T Invoke(T g, T y) => g * (y > T.Zero ? T.One : T.Zero);
        public static Vector128<T> Invoke(Vector128<T> g, Vector128<T> y) =>
            g * (Vector128.GreaterThan(y, Vector128<T>.Zero) & Vector128<T>.One);
        public static Vector256<T> Invoke(Vector256<T> g, Vector256<T> y) =>
            g * (Vector256.GreaterThan(y, Vector256<T>.Zero) & Vector256<T>.One);
        public static Vector512<T> Invoke(Vector512<T> g, Vector512<T> y) =>
            g * (Vector512.GreaterThan(y, Vector512<T>.Zero) & Vector512<T>.One);
    }
}
