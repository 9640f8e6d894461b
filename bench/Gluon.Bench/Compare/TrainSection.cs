using Gluon.Bench.Models;

namespace Gluon.Bench.Compare;

/// <summary>
/// Training steps with Nd ops and autograd. libtorch is not installed here, so the peer column
/// holds the figures quoted in issue 3 (libtorch 2.10 through TorchSharp, 2 threads, same
/// machine kind), and the ratio is to the midpoint of that range.
/// </summary>
internal static class TrainSection
{
    public static void Run(ResultTable t, SideBySide sb)
    {
        t.Section("Training steps, batch 128, forward + backward + SGD (ours: Nd ops + autograd)", "libtorch 2.10 (quoted, not measured here)", flops: false);
        var mlp = TrainStep.Mlp();
        var lenet = TrainStep.LeNet();
        float l0 = mlp.Step(), l1 = lenet.Step();
        if (!float.IsFinite(l0) || !float.IsFinite(l1))
            throw new InvalidOperationException($"training step loss is not finite (MLP {l0}, LeNet {l1})");
        var ms = sb.Measure(() => mlp.Step(), () => lenet.Step(), lenet.Forward);
        t.QuotedRow("MLP 784-256-256-10 step", ms[0], 1.24, 1.78);
        t.QuotedRow("LeNet step", ms[1], 10.3, 11.3);
        t.QuotedRow("LeNet forward only (quoted from shared/PERFORMANCE.md)", ms[2], 4.6, 5.4);
    }
}
