namespace Gluon.Optimizers;

/// <summary>
/// FTRL-proximal (MXNet's <c>Ftrl</c>, <c>ftrl</c>): <c>g' = clip(g)</c>,
/// <c>z += g' − (√(n + g'²) − √n)·w/lr</c>, <c>n += g'²</c>,
/// <c>w = (sign(z)·λ1 − z)/((β + √n)/lr + wd)</c> where |z| &gt; λ1, else 0. One fused
/// <c>ftrl_update</c> pass. State: (z, n).
/// </summary>
public sealed class Ftrl : Optimizer
{
    /// <summary>Creates the optimizer (MXNet's defaults).</summary>
    /// <param name="lamda1">L1 strength (<c>lamda1</c>, MXNet's spelling).</param>
    /// <param name="beta">Per-coordinate rate parameter (<c>beta</c>).</param>
    /// <include file="OptimizerArgs.xml" path="docs/common/*"/>
    public Ftrl(double lamda1 = 0.01, double beta = 1, double? learningRate = 0.1, double rescaleGrad = 1.0, double wd = 0.0, double? clipGradient = null,
        LRScheduler? lrScheduler = null, int beginNumUpdate = 0, bool multiPrecision = false, IReadOnlyDictionary<int, string>? paramIdx2Name = null)
        : base(learningRate, rescaleGrad, wd, clipGradient, lrScheduler, beginNumUpdate, multiPrecision, paramIdx2Name)
    {
        Lamda1 = lamda1;
        Beta = beta;
    }

    /// <summary><c>lamda1</c>.</summary>
    public double Lamda1 { get; }
    /// <summary><c>beta</c>.</summary>
    public double Beta { get; }

    /// <inheritdoc/>
    public override object? CreateState(int index, NDArray weight) => new object?[] { ZerosLike(weight), ZerosLike(weight) };

    /// <inheritdoc/>
    public override void Update(int index, NDArray weight, NDArray grad, object? state)
    {
        var (lr, wd) = BeginUpdate(index, weight, grad);
        Nd.FtrlUpdate(weight, grad, Slot(state, 0), Slot(state, 1), lr, Lamda1, Beta, wd, RescaleGrad, FusedClip, @out: weight);
    }
}
