using System.Text.Json.Nodes;

namespace Gluon.Optimizers;

/// <summary>
/// LARS, layer-wise adaptive rate scaling (MXNet's <c>LARS</c>, <c>lars</c>): SGD (with momentum)
/// where index i uses <c>lr_i = lr·η·‖w‖/(‖g‖ + wd·‖w‖ + eps)</c> (g = rescale_grad·grad; the
/// factor is 1 when a norm is 0, and for names ending in gamma, beta or bias). With
/// momentum_correction the momentum is scaled by <c>cur_lr/last_lr</c> when the base rate
/// changes. Names not ending in <c>_weight</c> get wd_mult 0.
/// </summary>
public sealed class Lars : Sgd
{
    private double? _lastLr, _curLr;

    /// <summary>Creates the optimizer (MXNet's defaults).</summary>
    /// <param name="momentum"><c>momentum</c>.</param>
    /// <param name="lazyUpdate"><c>lazy_update</c> (row-sparse only; no effect here).</param>
    /// <param name="eta">Trust coefficient (<c>eta</c>).</param>
    /// <param name="eps">Denominator stabilizer (<c>eps</c>).</param>
    /// <param name="momentumCorrection">Scale momentum by the rate change (<c>momentum_correction</c>).</param>
    /// <include file="OptimizerArgs.xml" path="docs/common/*"/>
    public Lars(double momentum = 0.0, bool lazyUpdate = true, double eta = 0.001, double eps = 0, bool momentumCorrection = true, double? learningRate = null, double rescaleGrad = 1.0, double wd = 0.0, double? clipGradient = null,
        LRScheduler? lrScheduler = null, int beginNumUpdate = 0, bool multiPrecision = false, IReadOnlyDictionary<int, string>? paramIdx2Name = null)
        : base(momentum, lazyUpdate, learningRate, rescaleGrad, wd, clipGradient, lrScheduler, beginNumUpdate, multiPrecision, paramIdx2Name)
    {
        Eta = eta;
        Eps = eps;
        MomentumCorrection = momentumCorrection;
    }

    /// <summary><c>eta</c>.</summary>
    public double Eta { get; }
    /// <summary><c>eps</c>.</summary>
    public double Eps { get; }
    /// <summary><c>momentum_correction</c>.</summary>
    public bool MomentumCorrection { get; }
    /// <summary>The base rate of the previous update (<c>last_lr</c>).</summary>
    public double? LastLr { get => _lastLr; internal set => _lastLr = value; }
    /// <summary>The base rate of the latest update (<c>cur_lr</c>).</summary>
    public double? CurLr { get => _curLr; internal set => _curLr = value; }

    /// <inheritdoc/>
    protected override bool IsDecayedName(string name) => name.EndsWith("_weight", StringComparison.Ordinal);

    /// <inheritdoc/>
    public override void Update(int index, NDArray weight, NDArray grad, object? state) => UpdateLars(index, weight, grad, state, false);

    /// <inheritdoc/>
    public override void UpdateMultiPrecision(int index, NDArray weight, NDArray grad, object? state) =>
        UpdateLars(index, weight, grad, state, MultiPrecision && weight.DType == DType.Float16);

    private void UpdateLars(int index, NDArray weight, NDArray grad, object? state, bool mp)
    {
        CheckArgs(weight, grad);
        UpdateCount(index);
        // _get_lrs: remember the previous base rate, then read the current one.
        if (_curLr is { } cur) _lastLr = cur;
        double baseLr = BaseLearningRate();
        _lastLr ??= baseLr;
        _curLr = baseLr;
        double lr = baseLr * LrMultOf(index), wd = GetWd(index);
        lr *= LarsFactor(index, weight, grad, wd);
        double momentum = Momentum > 0
            ? (MomentumCorrection && _lastLr != 0 ? Momentum * (_curLr.Value / _lastLr.Value) : Momentum)
            : 0.0;
        Step(weight, grad, state, lr, wd, momentum, mp);
    }

    private double LarsFactor(int index, NDArray weight, NDArray grad, double wd)
    {
        string name = ParamIdx2Name.TryGetValue(index, out var n) ? n : index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (name.EndsWith("gamma", StringComparison.Ordinal) || name.EndsWith("beta", StringComparison.Ordinal) || name.EndsWith("bias", StringComparison.Ordinal))
            return 1.0;
        double wNorm = Nd.Norm(weight.AsType(DType.Float32, copy: false)).AsScalar<float>();
        double gNorm = Nd.Norm(grad.AsType(DType.Float32) * RescaleGrad).AsScalar<float>();
        return wNorm > 0.0 && gNorm > 0.0 ? Eta * wNorm / (gNorm + wd * wNorm + Eps) : 1.0;
    }

    internal override void WriteExtraState(JsonObject o)
    {
        o["last_lr"] = _lastLr;
        o["cur_lr"] = _curLr;
    }

    internal override void ReadExtraState(JsonObject o)
    {
        _lastLr = (double?)o["last_lr"];
        _curLr = (double?)o["cur_lr"];
    }
}
