namespace Gluon;

public static partial class Autograd
{
    /// <summary>
    /// A user-defined differentiable operation (<c>autograd.Function</c>): override
    /// <see cref="Forward"/> and <see cref="Backward"/>. Forward runs with recording paused; its
    /// outputs are then recorded as one node whose gradient is <see cref="Backward"/>. An instance
    /// may be called once.
    /// </summary>
    public abstract class Function
    {
        private bool _called;
        private NDArray[] _saved = [];

        /// <summary>Computes the outputs from the inputs.</summary>
        protected abstract NDArray[] Forward(params NDArray[] inputs);

        /// <summary>Returns one gradient per input given one gradient per output.</summary>
        protected abstract NDArray[] Backward(params NDArray[] outputGrads);

        /// <summary>Keeps arrays for <see cref="Backward"/>.</summary>
        protected void SaveForBackward(params NDArray[] arrays) => _saved = arrays;

        /// <summary>The arrays given to <see cref="SaveForBackward"/>.</summary>
        protected IReadOnlyList<NDArray> SavedTensors => _saved;

        /// <summary>Runs the function and records it (<c>f(*inputs)</c>).</summary>
        /// <exception cref="InvalidOperationException">The instance was already called.</exception>
        public NDArray[] Call(params NDArray[] inputs)
        {
            if (_called) throw new InvalidOperationException($"{GetType().Name}: an autograd Function instance can be called only once");
            _called = true;
            NDArray[] outputs;
            using (Pause(IsTraining)) outputs = Forward(inputs);
            if (IsRecording) RecordFunction(this, inputs, outputs);
            return outputs;
        }

        internal NDArray?[] InvokeBackward(NDArray[] outGrads)
        {
            var g = Backward(outGrads);
            return g;
        }
    }
}
