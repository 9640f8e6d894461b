using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Gluon.Bench.Compare;

/// <summary>
/// <c>dotnet run -c Release --project bench/Gluon.Bench -- compare [--quick] [--only peak,gemm,conv,zoo,resnet,train,elementwise,winograd,convpath,weightcache,depthwise] [--ab]</c>:
/// the workloads of issue 3 side by side with their peers in one process (alternating samples),
/// printed as Markdown tables of medians (min-max) and ratios ours/peer. <c>--ab</c>: the convolution
/// layers (conv, zoo; GLUON_COMPARE_LAYERS selects them) are also timed with <see cref="Gluon.Cpu.Kernels.PointwiseConv"/> off and with its
/// <c>ChannelTiles</c> off (7×7 at batch 1 kept on it) and with PointwiseJob.ImageRows off (stride-1 column panels packed), alternating in the same rounds.
/// </summary>
internal static class CompareCommand
{
    /// <summary>Threads every peer is given (this machine has 2 cores).</summary>
    public const int Threads = 2;

    /// <summary>Whether the conv and zoo rows also time the layer with PointwiseConv off (<c>--ab</c>).</summary>
    public static bool PointwiseAb { get; private set; }

    public static int Run(string[] args)
    {
        PointwiseAb = args.Contains("--ab");
        bool quick = args.Contains("--quick");
        int only = Array.IndexOf(args, "--only");
        var sections = only >= 0 && only + 1 < args.Length
            ? args[only + 1].Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet()
            : ["peak", "gemm", "conv", "resnet", "train", "elementwise"];
        var sb = quick ? new SideBySide(rounds: 3, sampleMs: 20, warmupMs: 100) : new SideBySide(rounds: 11, sampleMs: 150, warmupMs: 600);
        var t = new ResultTable();

        t.Emit($"Gluon compare{(quick ? " --quick" : "")}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {CpuModel()}, " +
               $"{Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, " +
               $"Vector512 {(Vector512.IsHardwareAccelerated ? "on" : "off")}; {sb.Rounds} alternating samples of ~{sb.SampleMs} ms each, " +
               "times in ms per call: median (min-max).");

        if (sections.Contains("peak")) PeakSection.Run(t, quick);
        if (sections.Contains("gemm")) GemmSection.Run(t, sb, quick);
        if (sections.Contains("conv") || sections.Contains("zoo") || sections.Contains("resnet"))
            InferenceSection.Run(t, sb, quick, sections.Contains("conv"), sections.Contains("resnet"), sections.Contains("zoo"));
        if (sections.Contains("train")) TrainSection.Run(t, sb);
        if (sections.Contains("elementwise")) ElementwiseSection.Run(t, sb);
        if (sections.Contains("winograd")) WinogradSection.Run(t, sb);
        if (sections.Contains("depthwise")) DepthwiseSection.Run(t, sb);
        if (sections.Contains("convpath")) ConvPathSection.Run(t, sb);
        if (sections.Contains("weightcache")) WeightCacheSection.Run(t, sb);
        return 0;
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { return RuntimeInformation.ProcessArchitecture.ToString(); }
    }
}
