using System.Runtime.CompilerServices;
using Gluon.Backends;
using Gluon.Ops.Definitions;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// CTCLoss forward (loss and gradient together): per sample, log-softmax over the alphabet, the
/// alpha and beta recursions over the blank-extended label sequence in log space, then
/// <c>grad = softmax − posterior occupancy</c>. Computed in float64 whatever the data dtype.
/// </summary>
internal sealed class CtcKernels : IKernelProvider
{
    public void Register(CpuBackend b) => b.RegisterFloatKernel("CTCLoss", Run);

    private static void Run(KernelContext c)
    {
        var p = c.P<CTCLossParam>();
        var dataArr = c.Inputs[0];
        int tMax = dataArr.Shape[0], n = dataArr.Shape[1], classes = dataArr.Shape[2];
        var labelArr = c.Inputs[1];
        int lMax = labelArr.Shape[1];
        int blank = p.BlankFirst ? 0 : classes - 1;

        var labels = new long[n * lMax];
        IndexReader.Read(labelArr, labels);
        var dataLen = new long[n];
        if (p.UseDataLengths) IndexReader.Read(c.Inputs[2], dataLen);
        else Array.Fill(dataLen, tMax);
        var labelLen = new long[n];
        if (p.UseLabelLengths) IndexReader.Read(c.Inputs[p.UseDataLengths ? 3 : 2], labelLen);
        else
        {
            long pad = p.BlankFirst ? 0 : -1;
            for (int b = 0; b < n; b++)
            {
                int len = 0;
                while (len < lMax && labels[b * lMax + len] != pad) len++;
                labelLen[b] = len;
            }
        }
        // Everything is validated before any output is written.
        for (int b = 0; b < n; b++)
        {
            if (dataLen[b] < 0 || dataLen[b] > tMax)
                throw new ArgumentOutOfRangeException("data_lengths", $"CTCLoss: data_lengths[{b}] = {dataLen[b]} is out of range [0, {tMax}] for data {dataArr.Shape}");
            if (labelLen[b] < 0 || labelLen[b] > lMax)
                throw new ArgumentOutOfRangeException("label_lengths", $"CTCLoss: label_lengths[{b}] = {labelLen[b]} is out of range [0, {lMax}] for label {labelArr.Shape}");
            for (int i = 0; i < labelLen[b]; i++)
            {
                long v = labels[b * lMax + i];
                // A label equal to the blank index is accepted, as warp-ctc does: it then acts
                // as a blank that cannot be skipped.
                if (v < 0 || v >= classes)
                    throw new ArgumentException($"CTCLoss: label[{b}, {i}] = {v} is out of range for alphabet size {classes} (blank_label='{(p.BlankFirst ? "first" : "last")}')");
            }
        }

        var x = dataArr.ToArray<double>();
        var loss = new double[n];
        var grad = new double[x.Length];
        int sMax = 2 * lMax + 1;
        CpuParallel.For(n, 1, (start, end) =>
        {
            // Scratch sized for the longest sample, allocated once per chunk, not per sample.
            var scratch = new Scratch(tMax, sMax, classes);
            for (int b = start; b < end; b++)
                loss[b] = Sample(x, grad, b, n, classes, (int)dataLen[b], labels.AsSpan(b * lMax, (int)labelLen[b]), blank, scratch);
        });
        Write(c.Outputs[0], loss);
        Write(c.Outputs[1], grad);
    }

    private static void Write(NDArray o, double[] v)
    {
        if (o.DType == DType.Float64) v.CopyTo(o.Span<double>());
        else
        {
            var s = o.Span<float>();
            for (int i = 0; i < v.Length; i++) s[i] = (float)v[i];
        }
    }

    /// <summary>Per-chunk work arrays of <see cref="Sample"/>, indexed with the sample's own T and S.</summary>
    private sealed class Scratch(int tMax, int sMax, int classes)
    {
        public readonly int[] Ext = new int[sMax];
        public readonly double[] LogProb = new double[tMax * classes];
        public readonly double[] Alpha = new double[tMax * sMax];
        public readonly double[] Beta = new double[tMax * sMax];
        public readonly double[] Occupancy = new double[classes];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double LogAdd(double a, double b)
    {
        if (double.IsNegativeInfinity(a)) return b;
        if (double.IsNegativeInfinity(b)) return a;
        return a > b ? a + Math.Log(1 + Math.Exp(b - a)) : b + Math.Log(1 + Math.Exp(a - b));
    }

    /// <summary>The loss of sample <paramref name="b"/>; writes its gradient rows (t, b, :) into <paramref name="grad"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static double Sample(double[] x, double[] grad, int b, int n, int classes, int tb, ReadOnlySpan<long> label, int blank, Scratch scratch)
    {
        int lb = label.Length, s = 2 * lb + 1;
        int repeats = 0;
        for (int i = 1; i < lb; i++)
            if (label[i] == label[i - 1]) repeats++;
        // warp-ctc's rule: the path cannot fit, so the loss and gradient are 0.
        if (lb + repeats > tb || tb == 0) return 0;

        var ext = scratch.Ext;
        for (int i = 0; i < s; i++) ext[i] = (i & 1) == 0 ? blank : (int)label[i >> 1];
        var lp = scratch.LogProb;
        for (int t = 0; t < tb; t++)
        {
            int row = (t * n + b) * classes;
            double max = double.NegativeInfinity;
            for (int k = 0; k < classes; k++) max = Math.Max(max, x[row + k]);
            double sum = 0;
            for (int k = 0; k < classes; k++) sum += Math.Exp(x[row + k] - max);
            double lse = max + Math.Log(sum);
            for (int k = 0; k < classes; k++) lp[t * classes + k] = x[row + k] - lse;
        }

        var alpha = scratch.Alpha;
        var beta = scratch.Beta;
        alpha.AsSpan(0, tb * s).Fill(double.NegativeInfinity);
        beta.AsSpan(0, tb * s).Fill(double.NegativeInfinity);
        alpha[0] = lp[blank];
        if (s > 1) alpha[1] = lp[ext[1]];
        for (int t = 1; t < tb; t++)
            for (int i = 0; i < s; i++)
            {
                double a = alpha[(t - 1) * s + i];
                if (i > 0) a = LogAdd(a, alpha[(t - 1) * s + i - 1]);
                if (i > 1 && ext[i] != blank && ext[i] != ext[i - 2]) a = LogAdd(a, alpha[(t - 1) * s + i - 2]);
                alpha[t * s + i] = a + lp[t * classes + ext[i]];
            }
        int last = (tb - 1) * s;
        beta[last + s - 1] = lp[(tb - 1) * classes + blank];
        if (s > 1) beta[last + s - 2] = lp[(tb - 1) * classes + ext[s - 2]];
        for (int t = tb - 2; t >= 0; t--)
            for (int i = 0; i < s; i++)
            {
                double v = beta[(t + 1) * s + i];
                if (i < s - 1) v = LogAdd(v, beta[(t + 1) * s + i + 1]);
                if (i < s - 2 && ext[i] != blank && ext[i] != ext[i + 2]) v = LogAdd(v, beta[(t + 1) * s + i + 2]);
                beta[t * s + i] = v + lp[t * classes + ext[i]];
            }
        double logp = alpha[last + s - 1];
        if (s > 1) logp = LogAdd(logp, alpha[last + s - 2]);

        var occ = scratch.Occupancy;
        for (int t = 0; t < tb; t++)
        {
            Array.Fill(occ, double.NegativeInfinity);
            for (int i = 0; i < s; i++) occ[ext[i]] = LogAdd(occ[ext[i]], alpha[t * s + i] + beta[t * s + i]);
            int row = (t * n + b) * classes;
            for (int k = 0; k < classes; k++)
            {
                double l = lp[t * classes + k];
                // alpha and beta both include the emission at t, hence the extra − l.
                grad[row + k] = Math.Exp(l) - Math.Exp(occ[k] - l - logp);
            }
        }
        return -logp;
    }
}
