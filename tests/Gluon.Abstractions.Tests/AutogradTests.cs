using Gluon.Ops;

namespace Gluon.Tests;

public class AutogradTests
{
    [Fact]
    public void ScopesSetAndRestoreRecordingAndTraining()
    {
        Assert.False(Autograd.IsRecording);
        Assert.False(Autograd.IsTraining);
        using (Autograd.Record())
        {
            Assert.True(Autograd.IsRecording);
            Assert.True(Autograd.IsTraining);
            using (Autograd.Pause())
            {
                Assert.False(Autograd.IsRecording);
                Assert.False(Autograd.IsTraining);
            }
            using (Autograd.PredictMode())
            {
                Assert.True(Autograd.IsRecording);
                Assert.False(Autograd.IsTraining);
            }
            Assert.True(Autograd.IsTraining);
        }
        using (Autograd.Record(trainMode: false)) Assert.False(Autograd.IsTraining);
        using (Autograd.TrainMode())
        {
            Assert.False(Autograd.IsRecording);
            Assert.True(Autograd.IsTraining);
        }
        Assert.False(Autograd.SetRecording(true));
        Assert.True(Autograd.SetRecording(false));
        Assert.False(Autograd.SetTraining(true));
        Assert.True(Autograd.SetTraining(false));
    }

    [Fact]
    public void BackwardWritesGradient()
    {
        var x = Nd.Array(new float[] { 1, 2, 3 });
        x.AttachGrad();
        NDArray y;
        using (Autograd.Record()) y = x * x * 2.0;
        y.Backward();
        Check.Close(x.Grad!, [4, 8, 12]);
        Assert.True(x.FreshGrad);
    }

    [Fact]
    public void GradReqAddAccumulatesOverTwoBackwards()
    {
        var x = Nd.Array(new float[] { 1, 2, 3 });
        x.AttachGrad(GradReq.Add);
        for (int i = 0; i < 2; i++)
        {
            NDArray y;
            using (Autograd.Record()) y = x * 3.0;
            y.Backward();
        }
        Check.Close(x.Grad!, [6, 6, 6]);
    }

    [Fact]
    public void GradReqWriteOverwrites()
    {
        var x = Nd.Array(new float[] { 1, 2 });
        x.AttachGrad();
        for (int i = 0; i < 2; i++)
        {
            NDArray y;
            using (Autograd.Record()) y = x * 3.0;
            y.Backward();
        }
        Check.Close(x.Grad!, [3, 3]);
    }

    [Fact]
    public void GradReqNullGivesNoGradient()
    {
        var x = Nd.Array(new float[] { 1, 2 });
        var w = Nd.Array(new float[] { 5, 6 });
        x.AttachGrad(GradReq.Null);
        w.AttachGrad();
        NDArray y;
        using (Autograd.Record()) y = x * w;
        y.Backward();
        Assert.Null(x.Grad);
        Check.Close(w.Grad!, [1, 2]);
    }

    [Fact]
    public void PauseStopsRecording()
    {
        var x = Nd.Array(new float[] { 2 });
        x.AttachGrad();
        NDArray y;
        using (Autograd.Record())
        {
            NDArray c;
            using (Autograd.Pause()) c = x * 10.0; // constant w.r.t. x
            y = x * c;
        }
        y.Backward();
        Check.Close(x.Grad!, [20]);
    }

    [Fact]
    public void HeadGradientScalesBackward()
    {
        var x = Nd.Array(new double[] { 1, 2 });
        x.AttachGrad();
        NDArray y;
        using (Autograd.Record()) y = Nd.Exp(x);
        y.Backward(Nd.Array(new double[] { 2, 3 }));
        Check.Close(x.Grad!, [2 * Math.E, 3 * Math.Exp(2)], 1e-12);
    }

    [Fact]
    public void MultipleHeadsWithNullHeadGradMeanOnes()
    {
        var x = Nd.Array(new double[] { 1, 2 });
        x.AttachGrad();
        NDArray a, b;
        using (Autograd.Record()) { a = x * 2.0; b = x * x; }
        Autograd.Backward([a, b], [null, Nd.Array(new double[] { 10, 10 })]);
        Check.Close(x.Grad!, [2 + 20, 2 + 40]);
    }

    [Fact]
    public void SecondBackwardWithoutRetainGraphRaises()
    {
        var x = Nd.Array(new float[] { 1 });
        x.AttachGrad();
        NDArray y;
        using (Autograd.Record()) y = Nd.Exp(x) * 2.0;
        y.Backward(retainGraph: true);
        y.Backward();
        Check.Throws<InvalidOperationException>(() => y.Backward(), "retainGraph");
    }

    [Fact]
    public void BackwardOnUnrecordedArrayRaises()
    {
        var x = Nd.Array(new float[] { 1 });
        Check.Throws<InvalidOperationException>(() => x.Backward(), "not part of a recorded graph");
    }

    [Fact]
    public void GradLeavesBuffersUntouched()
    {
        // z = e^x + x at x = 1: dz/dx = e + 1 (MXNet docs example, L-06).
        var x = Nd.Array(new double[] { 1 });
        x.AttachGrad();
        NDArray z;
        using (Autograd.Record()) z = Nd.Exp(x) + x;
        var dx = Autograd.Grad([z], [x]);
        Check.Close(dx[0], [Math.E + 1], 1e-12);
        Check.Close(x.Grad!, [0]);
    }

    [Fact]
    public void CreateGraphGivesSecondDerivativeOfCube()
    {
        // d²/dx² x³ = 6x.
        var x = Nd.Array(new double[] { 1, 2, -3 });
        x.AttachGrad();
        NDArray dx;
        using (Autograd.Record())
        {
            var y = x * x * x;
            dx = Autograd.Grad([y], [x], createGraph: true)[0];
        }
        Check.Close(dx, [3, 12, 27], 1e-12);
        dx.Backward();
        Check.Close(x.Grad!, [6, 12, -18], 1e-12);
    }

    [Fact]
    public void CreateGraphOfExpPlusX()
    {
        // L-06: z = e^x + x at x=1 gives dx = 3.718; dx.backward() gives x.grad = e.
        var x = Nd.Array(new double[] { 1 });
        x.AttachGrad();
        NDArray dx;
        using (Autograd.Record())
        {
            var z = Nd.Exp(x) + x;
            dx = Autograd.Grad([z], [x], createGraph: true)[0];
        }
        Check.Close(dx, [Math.E + 1], 1e-12);
        dx.Backward();
        Check.Close(x.Grad!, [Math.E], 1e-12);
    }

    [Fact]
    public void DetachCutsTheGraph()
    {
        var x = Nd.Array(new float[] { 3 });
        x.AttachGrad();
        NDArray y;
        using (Autograd.Record()) y = x * x.Detach();
        y.Backward();
        Check.Close(x.Grad!, [3]);
        Assert.True(x.Detach().SharesStorageWith(x));
    }

    [Fact]
    public void MarkVariablesLinksGivenBuffers()
    {
        var x = Nd.Array(new float[] { 1, 2 });
        var g = Nd.Zeros(2);
        Autograd.MarkVariables([x], [g], GradReq.Add);
        for (int i = 0; i < 3; i++)
        {
            NDArray y;
            using (Autograd.Record()) y = x * 2.0;
            y.Backward();
        }
        Check.Close(g, [6, 6]);
        Assert.Same(g, x.Grad);
        Check.Throws<ArgumentException>(() => Autograd.MarkVariables([x], [Nd.Zeros(3)]), "mark_variables", "(2,)", "(3,)");
    }

    [Fact]
    public void GradOfUnmarkedVariableRaises()
    {
        var x = Nd.Array(new float[] { 1 });
        var w = Nd.Array(new float[] { 1 });
        w.AttachGrad();
        NDArray y;
        using (Autograd.Record()) y = w * 2.0;
        Check.Throws<InvalidOperationException>(() => Autograd.Grad([y], [x]), "AttachGrad");
    }

    /// <summary>
    /// FullyConnected writes a weight's gradient straight into its buffer when the weight is read
    /// once and its request is write; a weight read twice, a request add, autograd.grad and a
    /// variable that is also a head take the gradient the ordinary way, with the same values.
    /// </summary>
    [Fact]
    public void GradientsWrittenInPlaceMatchTheOrdinaryPath()
    {
        var x = Nd.Array<double>([1, 2, 3, -1, 0.5, 2], new Shape(2, 3));
        var w = Nd.Array<double>([0.5, -1, 2, 1, 1, -0.5], new Shape(2, 3));
        var b = Nd.Array<double>([0.25, -0.75], new Shape(2));
        // d/dW Σ FC(x) = Σ_rows x (each output row sums x over the batch); d/db = batch size.
        double[] dwOnce = [0.0, 2.5, 5.0, 0.0, 2.5, 5.0], db = [2, 2];
        w.AttachGrad(); b.AttachGrad();
        using (Autograd.Record()) Nd.Sum(Nd.FullyConnected(x, w, b, 2)).Backward();
        Check.Close(w.Grad!, dwOnce);
        Check.Close(b.Grad!, db);

        // Read twice: the two contributions add up.
        using (Autograd.Record()) Nd.Sum(Nd.FullyConnected(x, w, b, 2) + Nd.FullyConnected(x, w, null, 2, noBias: true)).Backward();
        Check.Close(w.Grad!, dwOnce.Select(v => 2 * v).ToArray());
        Check.Close(b.Grad!, db);

        // Request add: two backwards accumulate.
        w.AttachGrad(GradReq.Add);
        for (int i = 0; i < 2; i++)
            using (Autograd.Record()) Nd.Sum(Nd.FullyConnected(x, w, b, 2)).Backward();
        Check.Close(w.Grad!, dwOnce.Select(v => 2 * v).ToArray());

        // autograd.grad returns new arrays and leaves the buffers as they were.
        w.AttachGrad();
        var before = b.Grad!.ToArray<double>();
        NDArray[] gs;
        using (Autograd.Record()) gs = Autograd.Grad([Nd.Sum(Nd.FullyConnected(x, w, b, 2))], [w, b]);
        Check.Close(gs[0], dwOnce);
        Check.Close(gs[1], db);
        Assert.False(ReferenceEquals(gs[1], b.Grad));
        Check.Close(b.Grad!, before);
    }

    [Fact]
    public void SharedSubexpressionAccumulates()
    {
        var x = Nd.Array(new double[] { 2 });
        x.AttachGrad();
        NDArray y;
        using (Autograd.Record())
        {
            var a = x * x;       // 2x
            y = a * a + a;       // d/dx (x⁴ + x²) = 4x³ + 2x
        }
        y.Backward();
        Check.Close(x.Grad!, [4 * 8 + 4], 1e-12);
    }

    [Fact]
    public void BroadcastGradientSumsOverBroadcastAxes()
    {
        var w = Nd.Array(new double[] { 1, 2, 3 });
        var x = Nd.Array(new double[,] { { 1, 1, 1 }, { 2, 2, 2 } });
        w.AttachGrad();
        NDArray y;
        using (Autograd.Record()) y = Nd.Sum(x * w);
        y.Backward();
        Check.Close(w.Grad!, [3, 3, 3]);
    }

    private sealed class ScaledSigmoid : Autograd.Function
    {
        protected override NDArray[] Forward(params NDArray[] inputs)
        {
            var y = Nd.Sigmoid(inputs[0]);
            SaveForBackward(y);
            return [y];
        }

        protected override NDArray[] Backward(params NDArray[] outputGrads)
        {
            var y = SavedTensors[0];
            return [outputGrads[0] * y * (1.0 - y)];
        }
    }

    [Fact]
    public void CustomFunctionIsRecordedAsOneNode()
    {
        var x = Nd.Array(new double[] { -1, 0, 2 });
        x.AttachGrad();
        NDArray z;
        using (Autograd.Record())
        {
            var f = new ScaledSigmoid();
            z = f.Call(x)[0] * 2.0;
        }
        z.Backward();
        var expected = new[] { -1.0, 0, 2 }.Select(v => { double s = 1 / (1 + Math.Exp(-v)); return 2 * s * (1 - s); }).ToArray();
        Check.Close(x.Grad!, expected, 1e-12);
    }

    [Fact]
    public void FunctionInstanceCanBeCalledOnce()
    {
        var f = new ScaledSigmoid();
        var x = Nd.Array(new double[] { 1 });
        f.Call(x);
        Check.Throws<InvalidOperationException>(() => f.Call(x), "once");
    }

    [Fact]
    public void UnrecordedOpsLeaveNoHistory()
    {
        var x = Nd.Array(new float[] { 1 });
        x.AttachGrad();
        var y = x * 2.0; // outside Record
        Check.Throws<InvalidOperationException>(() => y.Backward(), "not part of a recorded graph");
    }

    [Fact]
    public void ConstantsJoinARecordedGraph()
    {
        var x = Nd.Array(new float[] { 1, 2 });
        x.AttachGrad();
        NDArray y;
        using (Autograd.Record()) y = Imperative.Invoke1("_arange", new OpAttrs { { "start", 3 } }) + x.Sum();
        y.Backward(); // _arange has no input from x; the path through sum works
        Check.Close(x.Grad!, [3, 3]);
    }

    [Fact]
    public void PredictModeTurnsDropoutOffWhileRecording()
    {
        var x = Nd.Ones(1000);
        x.AttachGrad();
        NDArray train, predict;
        using (Autograd.Record()) train = Nd.Dropout(x, 0.5);
        using (Autograd.Record(trainMode: false)) predict = Nd.Dropout(x, 0.5);
        // Training drops about half and scales the rest by 1/(1-p); predict mode is the identity.
        var t = train.ToArray<float>();
        Assert.All(t, v => Assert.True(v == 0 || v == 2));
        Assert.InRange(t.Count(v => v == 0), 400, 600);
        Assert.All(predict.ToArray<float>(), v => Assert.Equal(1f, v));
        using (Autograd.Record()) using (Autograd.PredictMode()) predict = Nd.Dropout(x, 0.5) * 3.0;
        predict.Backward();
        Assert.All(x.Grad!.ToArray<float>(), g => Assert.Equal(3f, g));
        // Outside any scope is_training is false, so Dropout is the identity too.
        Assert.All(Nd.Dropout(x, 0.5).ToArray<float>(), v => Assert.Equal(1f, v));
        using (Autograd.TrainMode()) Assert.Contains(0f, Nd.Dropout(x, 0.5).ToArray<float>());
    }
}
