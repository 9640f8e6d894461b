using System.Runtime.InteropServices;

namespace Gluon.Bench.Profile;

/// <summary>
/// The calling thread's CPU time (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>): on a host
/// shared with other work it counts only the time this thread ran, so single-threaded runs
/// (DOTNET_PROCESSOR_COUNT=1) can be timed without the noise of preemption.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Sec;
        public long NSec;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec t);

    /// <summary>Whether the clock works here (Linux).</summary>
    public static bool Available { get; } = OperatingSystem.IsLinux() && Probe();

    private static bool Probe()
    {
        try { return ClockGetTime(ClockThreadCpuTimeId, out _) == 0; }
        catch (DllNotFoundException) { return false; }
        catch (EntryPointNotFoundException) { return false; }
    }

    /// <summary>CPU milliseconds this thread has run.</summary>
    public static double Ms()
    {
        ClockGetTime(ClockThreadCpuTimeId, out var t);
        return t.Sec * 1e3 + t.NSec * 1e-6;
    }
}
