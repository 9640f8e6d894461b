using System.Runtime.InteropServices;

namespace Gluon.Bench.Compare;

/// <summary>
/// Debian's OpenBLAS (libopenblas.so.0), loaded at run time so that the rest of the comparison
/// runs without it. OpenBLAS reads OPENBLAS_CORETYPE and OPENBLAS_NUM_THREADS once, when the
/// library loads, and with getenv: .NET's Environment.SetEnvironmentVariable only changes the
/// runtime's own copy of the environment on Unix, so the variables are set with libc's setenv
/// before the load (the core name printed by <see cref="CoreName"/> shows that it took). Both are
/// overwritten: some machines export OPENBLAS_CORETYPE=Haswell for other tools, and Haswell's
/// AVX2 kernel is not the peer issue 3 asks for.
/// </summary>
internal static unsafe class OpenBlas
{
    /// <summary>How to install the library on Debian/Ubuntu.</summary>
    public const string InstallHint = "sudo apt-get install -y libopenblas0-pthread   (or: bash scripts/bench-setup.sh)";

    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    private static delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> s_sgemm;
    private static delegate* unmanaged<sbyte*> s_corename, s_config;
    private static delegate* unmanaged<int> s_getThreads;

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);

    /// <summary>
    /// Sets OPENBLAS_CORETYPE=SkylakeX (the newest kernel Debian's 0.3.21 has for AVX-512) and
    /// OPENBLAS_NUM_THREADS, then loads the library. Returns false with a reason when it is not
    /// installed. <see cref="OverriddenCoreType"/> keeps a core type the environment had set.
    /// </summary>
    public static bool TryLoad(int threads, out string why)
    {
        if (s_sgemm != null) { why = ""; return true; }
        OverriddenCoreType = Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") is { } prev && prev != "SkylakeX" ? prev : null;
        SetEnv("OPENBLAS_CORETYPE", "SkylakeX", 1);
        SetEnv("OPENBLAS_NUM_THREADS", threads.ToString(), 1);
        // GLUON_BENCH_OPENBLAS names another build to compare with (a path or a library name).
        string name = Environment.GetEnvironmentVariable("GLUON_BENCH_OPENBLAS") is { Length: > 0 } custom ? custom : "libopenblas.so.0";
        if (!NativeLibrary.TryLoad(name, out var lib))
        {
            why = $"{name} not found";
            return false;
        }
        s_sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)
            NativeLibrary.GetExport(lib, "cblas_sgemm");
        s_corename = (delegate* unmanaged<sbyte*>)NativeLibrary.GetExport(lib, "openblas_get_corename");
        s_config = (delegate* unmanaged<sbyte*>)NativeLibrary.GetExport(lib, "openblas_get_config");
        s_getThreads = (delegate* unmanaged<int>)NativeLibrary.GetExport(lib, "openblas_get_num_threads");
        why = "";
        return true;
    }

    /// <summary>The OPENBLAS_CORETYPE the environment had before <see cref="TryLoad"/> replaced it, or null.</summary>
    public static string? OverriddenCoreType { get; private set; }

    /// <summary>The kernel OpenBLAS chose (SkylakeX when the environment variable took).</summary>
    public static string CoreName => new(s_corename());

    /// <summary>OpenBLAS's build configuration string.</summary>
    public static string Config => new(s_config());

    /// <summary>Threads OpenBLAS will use.</summary>
    public static int Threads => s_getThreads();

    /// <summary>Row-major C[m×n] = op(A)·op(B) (beta = 0) through cblas_sgemm.</summary>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc) =>
        s_sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, 1f, a, lda, b, ldb, 0f, c, ldc);
}
