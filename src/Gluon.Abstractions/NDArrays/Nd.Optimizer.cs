using Gluon.Ops;

namespace Gluon;

public static partial class Nd
{
    // MXNet's fused optimizer updates (mx.nd.sgd_update, ...). States are updated in place; the
    // new weight goes to `out` (pass the weight itself for an in-place step, as the optimizers
    // do) or to a new array. A negative clip bound turns clipping off. Formulas: the op classes
    // in Gluon.Ops.Definitions (SgdUpdateOp, AdamUpdateOp, ...).

    private static NDArray Update(string op, OpAttrs attrs, NDArray? @out, params NDArray[] inputs) =>
        Imperative.Invoke(Imperative.Resolve(op).Op, attrs, inputs, outputs: @out is null ? null : [@out])[0];

    private static OpAttrs UpdateAttrs(double lr, double wd, double rescaleGrad, double clipGradient) =>
        new() { { "lr", lr }, { "wd", wd }, { "rescale_grad", rescaleGrad }, { "clip_gradient", clipGradient } };

    /// <summary><c>sgd_update</c>: <c>w = (1 − lr·wd)·w − lr·clip(rescaleGrad·grad)</c>.</summary>
    /// <exception cref="ArgumentException">Shapes or dtypes differ from the weight's.</exception>
    public static NDArray SgdUpdate(NDArray weight, NDArray grad, double lr, double wd = 0, double rescaleGrad = 1, double clipGradient = -1, NDArray? @out = null) =>
        Update("sgd_update", UpdateAttrs(lr, wd, rescaleGrad, clipGradient), @out, weight, grad);

    /// <summary><c>sgd_mom_update</c>: <c>mom = momentum·mom − lr·wd·w − lr·clip(rescaleGrad·grad); w = w + mom</c>.</summary>
    /// <exception cref="ArgumentException">Shapes or dtypes differ from the weight's.</exception>
    public static NDArray SgdMomUpdate(NDArray weight, NDArray grad, NDArray mom, double lr, double momentum = 0, double wd = 0, double rescaleGrad = 1, double clipGradient = -1, NDArray? @out = null) =>
        Update("sgd_mom_update", UpdateAttrs(lr, wd, rescaleGrad, clipGradient).Set("momentum", momentum), @out, weight, grad, mom);

    /// <summary><c>mp_sgd_update</c>: the SGD rule on the float32 master copy <paramref name="weight32"/>; the result, cast to the weight dtype, is the output.</summary>
    /// <exception cref="ArgumentException">Shapes differ, or weight32 is not float32.</exception>
    public static NDArray MpSgdUpdate(NDArray weight, NDArray grad, NDArray weight32, double lr, double wd = 0, double rescaleGrad = 1, double clipGradient = -1, NDArray? @out = null) =>
        Update("mp_sgd_update", UpdateAttrs(lr, wd, rescaleGrad, clipGradient), @out, weight, grad, weight32);

    /// <summary><c>mp_sgd_mom_update</c>: the momentum SGD rule on the float32 master copy and float32 momentum.</summary>
    /// <exception cref="ArgumentException">Shapes differ, or mom/weight32 are not float32.</exception>
    public static NDArray MpSgdMomUpdate(NDArray weight, NDArray grad, NDArray mom, NDArray weight32, double lr, double momentum = 0, double wd = 0, double rescaleGrad = 1, double clipGradient = -1, NDArray? @out = null) =>
        Update("mp_sgd_mom_update", UpdateAttrs(lr, wd, rescaleGrad, clipGradient).Set("momentum", momentum), @out, weight, grad, mom, weight32);

    /// <summary><c>nag_mom_update</c>: <c>g' = clip(rescaleGrad·grad) + wd·w; mom = momentum·mom − lr·g'; w = w + momentum·mom − lr·g'</c>.</summary>
    /// <exception cref="ArgumentException">Shapes or dtypes differ from the weight's.</exception>
    public static NDArray NagMomUpdate(NDArray weight, NDArray grad, NDArray mom, double lr, double momentum = 0, double wd = 0, double rescaleGrad = 1, double clipGradient = -1, NDArray? @out = null) =>
        Update("nag_mom_update", UpdateAttrs(lr, wd, rescaleGrad, clipGradient).Set("momentum", momentum), @out, weight, grad, mom);

    /// <summary><c>adam_update</c>: <c>g = clip(rescaleGrad·grad + wd·w)</c>, moments updated, <c>w = w − lr·mean/(√var + ε)</c>.</summary>
    /// <exception cref="ArgumentException">Shapes or dtypes differ from the weight's.</exception>
    public static NDArray AdamUpdate(NDArray weight, NDArray grad, NDArray mean, NDArray var, double lr, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double wd = 0, double rescaleGrad = 1, double clipGradient = -1, NDArray? @out = null) =>
        Update("adam_update", UpdateAttrs(lr, wd, rescaleGrad, clipGradient).Set("beta1", beta1).Set("beta2", beta2).Set("epsilon", epsilon), @out, weight, grad, mean, var);

    /// <summary><c>rmsprop_update</c>: <c>n = (1−γ1)·g² + γ1·n; w = w − lr·g/√(n + ε)</c>, with <c>g = clip(rescaleGrad·grad + wd·w)</c> and an optional weight clip.</summary>
    /// <exception cref="ArgumentException">Shapes or dtypes differ from the weight's.</exception>
    public static NDArray RmspropUpdate(NDArray weight, NDArray grad, NDArray n, double lr, double gamma1 = 0.95, double epsilon = 1e-8, double wd = 0, double rescaleGrad = 1, double clipGradient = -1, double clipWeights = -1, NDArray? @out = null) =>
        Update("rmsprop_update", UpdateAttrs(lr, wd, rescaleGrad, clipGradient).Set("gamma1", gamma1).Set("epsilon", epsilon).Set("clip_weights", clipWeights), @out, weight, grad, n);

    /// <summary><c>rmspropalex_update</c> (centered RMSProp): updates n, g and delta, then <c>w = w + delta</c>.</summary>
    /// <exception cref="ArgumentException">Shapes or dtypes differ from the weight's.</exception>
    public static NDArray RmspropAlexUpdate(NDArray weight, NDArray grad, NDArray n, NDArray g, NDArray delta, double lr, double gamma1 = 0.95, double gamma2 = 0.9, double epsilon = 1e-8, double wd = 0, double rescaleGrad = 1, double clipGradient = -1, double clipWeights = -1, NDArray? @out = null) =>
        Update("rmspropalex_update", UpdateAttrs(lr, wd, rescaleGrad, clipGradient).Set("gamma1", gamma1).Set("gamma2", gamma2).Set("epsilon", epsilon).Set("clip_weights", clipWeights), @out, weight, grad, n, g, delta);

    /// <summary><c>ftrl_update</c>: FTRL-proximal with L1 strength <paramref name="lamda1"/> (MXNet's spelling).</summary>
    /// <exception cref="ArgumentException">Shapes or dtypes differ from the weight's.</exception>
    public static NDArray FtrlUpdate(NDArray weight, NDArray grad, NDArray z, NDArray n, double lr, double lamda1 = 0.01, double beta = 1, double wd = 0, double rescaleGrad = 1, double clipGradient = -1, NDArray? @out = null) =>
        Update("ftrl_update", UpdateAttrs(lr, wd, rescaleGrad, clipGradient).Set("lamda1", lamda1).Set("beta", beta), @out, weight, grad, z, n);

    /// <summary><c>ftml_update</c>: Follow the Moving Leader at update count <paramref name="t"/> (≥ 1); <paramref name="clipGrad"/> is MXNet's <c>clip_grad</c>.</summary>
    /// <exception cref="ArgumentException">Shapes or dtypes differ, or t &lt; 1.</exception>
    public static NDArray FtmlUpdate(NDArray weight, NDArray grad, NDArray d, NDArray v, NDArray z, double lr, int t, double beta1 = 0.6, double beta2 = 0.999, double epsilon = 1e-8, double wd = 0, double rescaleGrad = 1, double clipGrad = -1, NDArray? @out = null) =>
        Update("ftml_update", new OpAttrs { { "lr", lr }, { "t", t }, { "beta1", beta1 }, { "beta2", beta2 }, { "epsilon", epsilon }, { "wd", wd }, { "rescale_grad", rescaleGrad }, { "clip_grad", clipGrad } },
            @out, weight, grad, d, v, z);

    /// <summary><c>signsgd_update</c>: <c>w = (1 − lr·wd)·w − lr·sign(clip(rescaleGrad·grad))</c>.</summary>
    /// <exception cref="ArgumentException">Shapes or dtypes differ from the weight's.</exception>
    public static NDArray SignsgdUpdate(NDArray weight, NDArray grad, double lr, double wd = 0, double rescaleGrad = 1, double clipGradient = -1, NDArray? @out = null) =>
        Update("signsgd_update", UpdateAttrs(lr, wd, rescaleGrad, clipGradient), @out, weight, grad);

    /// <summary><c>signum_update</c>: <c>mom = momentum·mom − (1−momentum)·(wd·w + clip(rescaleGrad·grad)); w = (1 − lr·wdLh)·w + lr·sign(mom)</c>.</summary>
    /// <exception cref="ArgumentException">Shapes or dtypes differ from the weight's.</exception>
    public static NDArray SignumUpdate(NDArray weight, NDArray grad, NDArray mom, double lr, double momentum = 0, double wd = 0, double rescaleGrad = 1, double clipGradient = -1, double wdLh = 0, NDArray? @out = null) =>
        Update("signum_update", UpdateAttrs(lr, wd, rescaleGrad, clipGradient).Set("momentum", momentum).Set("wd_lh", wdLh), @out, weight, grad, mom);

    /// <summary><c>lamb_update_phase1</c>: updates the moments and returns the LAMB direction <c>m̂/(√v̂ + ε) + wd·w</c>.</summary>
    /// <exception cref="ArgumentException">Shapes or dtypes differ, or t &lt; 1.</exception>
    public static NDArray LambUpdatePhase1(NDArray weight, NDArray grad, NDArray mean, NDArray var, int t, double wd, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-6, bool biasCorrection = true, double rescaleGrad = 1, double clipGradient = -1) =>
        Update("lamb_update_phase1", new OpAttrs { { "t", t }, { "wd", wd }, { "beta1", beta1 }, { "beta2", beta2 }, { "epsilon", epsilon }, { "bias_correction", biasCorrection }, { "rescale_grad", rescaleGrad }, { "clip_gradient", clipGradient } },
            null, weight, grad, mean, var);

    /// <summary><c>lamb_update_phase2</c>: <c>w = w − lr·(r1/r2 if both &gt; 0 else 1)·g</c>, r1 clamped to the bounds that are ≥ 0.</summary>
    /// <exception cref="ArgumentException">g differs from the weight's shape, or r1/r2 are not one-element arrays.</exception>
    public static NDArray LambUpdatePhase2(NDArray weight, NDArray g, NDArray r1, NDArray r2, double lr, double lowerBound = -1, double upperBound = -1, NDArray? @out = null) =>
        Update("lamb_update_phase2", new OpAttrs { { "lr", lr }, { "lower_bound", lowerBound }, { "upper_bound", upperBound } }, @out, weight, g, r1, r2);

    /// <summary><c>reset_arrays</c>: sets every array to zero in place (one call for many gradients).</summary>
    /// <exception cref="ArgumentException">No arrays, or arrays on different contexts.</exception>
    public static void ResetArrays(params NDArray[] arrays)
    {
        if (arrays.Length == 0) throw new ArgumentException("reset_arrays: needs at least one array");
        Imperative.Invoke(Imperative.Resolve("reset_arrays").Op, new OpAttrs { { "num_arrays", arrays.Length } }, arrays);
    }
}
