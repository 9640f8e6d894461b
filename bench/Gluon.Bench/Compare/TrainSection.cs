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
        // Every timed step trained on the same batch, so the loss must have fallen: a check that
        // the steps timed did update the weights.
        float m1 = mlp.Step(), n1 = lenet.Step();
        t.QuotedRow("MLP 784-256-256-10 step", ms[0], 1.24, 1.78, $"loss {l0:F3} → {m1:F3} over the timed steps");
        t.QuotedRow("LeNet step", ms[1], 10.3, 11.3, $"loss {l1:F3} → {n1:F3} over the timed steps");
        t.QuotedRow("LeNet forward only (quoted from shared/PERFORMANCE.md)", ms[2], 4.6, 5.4);
    }
}
