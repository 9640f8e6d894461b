using Gluon.Losses;
using static Gluon.Tests.Losses.LossRef;

namespace Gluon.Tests.Losses;

/// <summary>
/// Losses that are an elementwise formula of (pred, label) followed by the batch mean (or sum):
/// each against the formula written out here, with weight, sample_weight and batch_axis, plus a
/// finite-difference gradient check with respect to pred.
/// </summary>
public class PointwiseLossTests
{
    public sealed record Case(string Name, Func<double?, int, Gluon.Losses.Loss> Make, Func<double, double, double> F, double LabelLo, double LabelHi,
        bool Sum = false, double PredLo = -2, double PredHi = 2, bool Signed = false);

    private static readonly Dictionary<string, Case> Cases = new[]
    {
        new Case("L2", (w, ax) => new L2Loss(w ?? 1.0, ax), (p, y) => 0.5 * (y - p) * (y - p), -2, 2),
        new Case("L1", (w, ax) => new L1Loss(w, ax), (p, y) => Math.Abs(y - p), -2, 2),
        new Case("Huber", (w, ax) => new HuberLoss(0.7, w, ax), (p, y) => Math.Abs(y - p) > 0.7 ? Math.Abs(y - p) - 0.35 : (y - p) * (y - p) / 1.4, -2, 2),
        new Case("Hinge", (w, ax) => new HingeLoss(1.5, w, ax), (p, y) => Math.Max(0, 1.5 - p * y), -1, 1, Signed: true),
        new Case("SquaredHinge", (w, ax) => new SquaredHingeLoss(1, w, ax), (p, y) => Math.Pow(Math.Max(0, 1 - p * y), 2), -1, 1, Signed: true),
        new Case("LogisticSigned", (w, ax) => new LogisticLoss(w, ax), (p, y) => Math.Log(1 + Math.Exp(-p * y)), -1, 1, Signed: true),
        new Case("LogisticBinary", (w, ax) => new LogisticLoss(w, ax, "binary"), (p, y) => Math.Log(1 + Math.Exp(-p * (2 * y - 1))), 0, 1, Signed: true),
        new Case("BCELogits", (w, ax) => new SigmoidBinaryCrossEntropyLoss(false, w, ax),
            (p, y) => -(y * Math.Log(Sigmoid(p)) + (1 - y) * Math.Log(1 - Sigmoid(p))), 0, 1),
        new Case("BCEFromSigmoid", (w, ax) => new SigmoidBCELoss(true, w, ax),
            (p, y) => -(y * Math.Log(p + 1e-12) + (1 - y) * Math.Log(1 - p + 1e-12)), 0, 1, PredLo: 0.05, PredHi: 0.95),
        new Case("KLDiv", (w, ax) => new KLDivLoss(true, -1, w, ax), (p, y) => y * (Math.Log(y + 1e-12) - p), 0.05, 1, Sum: true, PredLo: -3, PredHi: -0.1),
    }.ToDictionary(c => c.Name);

    public static TheoryData<string> Names => new(Cases.Keys);

    private static (NDArray Pred, NDArray Label, double[] P, double[] Y) Inputs(Case c, int[] shape, int seed)
    {
        var s = new Shape(shape);
        var p = Check.Rand(s.Size, seed, c.PredLo, c.PredHi);
        var y = Check.Rand(s.Size, seed + 1, c.LabelLo, c.LabelHi);
        if (c.Signed) y = y.Select(v => c.LabelLo < 0 ? (v < 0 ? -1.0 : 1.0) : (v < 0.5 ? 0.0 : 1.0)).ToArray();
        return (Nd.Array<double>(p, s), Nd.Array<double>(y, s), p, y);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesElementwiseReference(string name)
    {
        var c = Cases[name];
        foreach (var (shape, batchAxis) in new[] { (new[] { 4, 5 }, 0), (new[] { 3, 2, 4 }, 0), (new[] { 5, 3 }, 1), (new[] { 7 }, 0) })
        {
            var (pred, label, p, y) = Inputs(c, shape, shape.Sum());
            var expectedElem = Map(p, y, c.F);
            var loss = c.Make(null, batchAxis).Call(pred, label);
            Check.Close(loss, BatchReduce(expectedElem, shape, batchAxis, !c.Sum), 1e-9, 1e-12, $"{name} {string.Join("x", shape)} axis {batchAxis}");

            // Weight and a per-sample weight (shape (n, 1, ...) along the batch axis).
            int n = shape[batchAxis];
            var sw = Check.Rand(n, 5, 0.1, 2);
            var swShape = shape.Select((d, i) => i == batchAxis ? d : 1).ToArray();
            var weighted = c.Make(0.7, batchAxis).Call(pred, label, Nd.Array<double>(sw, new Shape(swShape)));
            // The L2 formula above already holds L2Loss's halving of the weight.
            var expW = BatchReduce(WeightPerSample(expectedElem.Select(v => v * 0.7).ToArray(), shape, batchAxis, sw), shape, batchAxis, !c.Sum);
            Check.Close(weighted, expW, 1e-9, 1e-12, $"{name} weighted");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void LabelIsReshapedToPred(string name)
    {
        var c = Cases[name];
        if (name == "KLDiv") return; // MXNet's KLDivLoss broadcasts the label without reshaping it
        var (pred, label, p, y) = Inputs(c, [6, 1], 3);
        var flat = Nd.ReshapeTo(label, new Shape(6));
        Check.Close(c.Make(null, 0).Call(pred, flat), BatchReduce(Map(p, y, c.F), [6, 1], 0, !c.Sum), 1e-9, 1e-12);
        var bad = Nd.Zeros(new Shape(5), DType.Float64);
        Check.Throws<ArgumentException>(() => c.Make(null, 0).Call(pred, bad), "label of shape (5,)", "(6, 1)");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void GradientMatchesFiniteDifferences(string name)
    {
        var c = Cases[name];
        var (pred, label, _, _) = Inputs(c, [3, 4], 11);
        var sw = Nd.Array<double>(Check.Rand(3, 2, 0.5, 1.5), new Shape(3, 1));
        var loss = c.Make(0.8, 0);
        Check.NumericGradient(v => loss.Call(v[0], label, sw), [pred]);
    }

    [Fact]
    public void SigmoidBCEWithPosWeight()
    {
        int[] shape = [4, 3];
        var (pred, label, p, y) = Inputs(Cases["BCELogits"], shape, 21);
        var pw = new double[] { 0.5, 2, 3 };
        var pwArr = Nd.Array<double>(pw, new Shape(1, 3));
        var expected = p.Select((v, i) => -(pw[i % 3] * y[i] * Math.Log(Sigmoid(v)) + (1 - y[i]) * Math.Log(1 - Sigmoid(v)))).ToArray();
        var loss = new SigmoidBinaryCrossEntropyLoss();
        Check.Close(loss.CallMulti(pred, label, null, pwArr)[0], BatchReduce(expected, shape, 0), 1e-9, 1e-12);
        Check.NumericGradient(v => loss.CallMulti(v[0], label, null, pwArr)[0], [pred]);

        var probs = Nd.Array<double>(p.Select(Sigmoid).ToArray(), new Shape(shape));
        var fromSig = new SigmoidBinaryCrossEntropyLoss(fromSigmoid: true);
        var expectedSig = p.Select((v, i) => -(pw[i % 3] * y[i] * Math.Log(Sigmoid(v) + 1e-12) + (1 - y[i]) * Math.Log(1 - Sigmoid(v) + 1e-12))).ToArray();
        Check.Close(fromSig.CallMulti(probs, label, null, pwArr)[0], BatchReduce(expectedSig, shape, 0), 1e-9, 1e-12);
    }

    [Fact]
    public void LogisticLossRejectsUnknownFormat()
    {
        Check.Throws<ArgumentException>(() => new LogisticLoss(labelFormat: "other"), "label_format can only be signed or binary", "other");
    }

    [Fact]
    public void NamesAndReprFollowMXNet()
    {
        Assert.StartsWith("l2loss", new L2Loss().Name);
        Assert.StartsWith("sigmoidbinarycrossentropyloss", new SigmoidBCELoss().Name);
        Assert.StartsWith("softmaxcrossentropyloss", new SoftmaxCELoss().Name);
        Assert.Equal("L2Loss(batch_axis=0, w=1.0)", new L2Loss().ToString());
        Assert.Equal("SigmoidBinaryCrossEntropyLoss(batch_axis=1, w=None)", new SigmoidBCELoss(batchAxis: 1).ToString());
        Check.Throws<ArgumentException>(() => new L1Loss().CallMulti(Nd.Ones(2)), "L1Loss", "takes (pred, label, sample_weight=None), got 1 inputs");
    }
}
