using System.Runtime.InteropServices;
using Gluon.Cpu.Kernels;

namespace Gluon.Bench.Compare;

/// <summary>
/// sgemm through our GEMM entry point (<see cref="Gemm.Run{T}"/>, what dot, FullyConnected and
/// convolution call) against OpenBLAS's cblas_sgemm on the same 64-byte aligned row-major
/// matrices, plus one row through Nd.Dot to show the dispatcher's share.
/// </summary>
internal static unsafe class GemmSection
{
    private static readonly (int M, int N, int K, string Note)[] s_shapes =
    [
        (64, 64, 64, ""), (256, 256, 256, ""), (512, 512, 512, ""), (1024, 1024, 1024, ""), (2048, 2048, 2048, ""),
        (128, 4096, 1024, "skinny m"), (4096, 128, 1024, "skinny n"), (1, 4096, 1024, "GEMV m=1"),
        (128, 256, 784, "MLP layer 1, x·Wᵀ"),
        // Batch-1 ResNet-18 3×3 convolutions as im2col GEMMs: weights (m = out channels) × column matrix (k × n pixels).
        (512, 49, 4608, "conv 3×3 512@7²"), (256, 196, 2304, "conv 3×3 256@14²"),
        (128, 784, 1152, "conv 3×3 128@28²"), (64, 3136, 576, "conv 3×3 64@56²"),
    ];

    public static void Run(ResultTable t, SideBySide sb, bool quick)
    {
        bool blas = OpenBlas.TryLoad(CompareCommand.Threads, out string why);
        string peer = blas ? $"OpenBLAS ({OpenBlas.CoreName}, {OpenBlas.Threads} threads)" : "OpenBLAS";
        t.Emit("");
        if (!blas)
            t.Emit($"OpenBLAS column skipped: {why}. Install it with: {OpenBlas.InstallHint}");
        else if (OpenBlas.OverriddenCoreType is { } prev)
            t.Emit($"(OPENBLAS_CORETYPE={prev} from the environment replaced by SkylakeX; OPENBLAS_L2_SIZE={Environment.GetEnvironmentVariable("OPENBLAS_L2_SIZE") ?? "unset"})");
        // The FMA-loop peak on 2 threads runs as a third workload of every row, so "% of peak"
        // compares with the peak of the same minutes (the host's speed drifts).
        long peakIters = FmaPeak.ItersFor(sb.SampleMs / 2);
        Action peak = () => FmaPeak.Measure(CompareCommand.Threads, peakIters);
        double peakFlop = FmaPeak.Flop(CompareCommand.Threads, peakIters);
        t.Section("sgemm m×n×k (ours: Gemm.Run, 2 threads; % of the 2-thread FMA peak sampled alongside each row)", peer, flops: true);
        foreach (var (m, n, k, note) in s_shapes)
        {
            bool tb = note.Contains('ᵀ');
            int lda = k, ldb = tb ? k : n, ldc = n;
            float* a = Alloc((long)m * k), b = Alloc((long)k * n), c = Alloc((long)m * n), c2 = Alloc((long)m * n);
            Fill(a, (long)m * k, 1);
            Fill(b, (long)k * n, 2);
            Action ours = () => Gemm.Run(false, tb, m, n, k, 1f, a, lda, b, ldb, 0f, c, ldc);
            string check = "";
            double[][] ms;
            if (blas)
            {
                Action theirs = () => OpenBlas.Sgemm(false, tb, m, n, k, a, lda, b, ldb, c2, ldc);
                ours(); theirs();
                check = $"max abs diff {MaxDiff(c, c2, (long)m * n):G2}";
                ms = sb.Measure(ours, theirs, peak);
            }
            else
            {
                var two = sb.Measure(ours, peak);
                ms = [two[0], null!, two[1]];
            }
            double rowPeak = peakFlop / ResultTable.Stat.Of(ms[2]).Median / 1e6;
            t.Row($"{m}×{n}×{k}{(note.Length > 0 ? " " + note : "")}", ms[0], blas ? ms[1] : null, 2.0 * m * n * k,
                $"{check}; peak {ResultTable.F1(rowPeak)} GFLOP/s".TrimStart(';', ' '), rowPeak);
            NativeMemory.AlignedFree(a); NativeMemory.AlignedFree(b); NativeMemory.AlignedFree(c); NativeMemory.AlignedFree(c2);
        }
        if (!quick)
        {
            // The same 1024 product through the dispatcher (shape inference, pooled allocation).
            var x = Nd.Random.Uniform(-1, 1, new Shape(1024, 1024));
            var y = Nd.Random.Uniform(-1, 1, new Shape(1024, 1024));
            var nd = sb.Measure(() => Nd.Dot(x, y).Dispose())[0];
            t.Row("1024×1024×1024 via Nd.Dot", nd, null, 2.0 * 1024 * 1024 * 1024);
        }
    }

    private static float* Alloc(long count) => (float*)NativeMemory.AlignedAlloc((nuint)(count * sizeof(float)), 64);

    private static void Fill(float* p, long count, int seed)
    {
        var r = new Random(seed);
        for (long i = 0; i < count; i++) p[i] = (float)(r.NextDouble() * 2 - 1);
    }

    private static double MaxDiff(float* x, float* y, long count)
    {
        double d = 0;
        for (long i = 0; i < count; i++) d = Math.Max(d, Math.Abs(x[i] - y[i]));
        return d;
    }
}
