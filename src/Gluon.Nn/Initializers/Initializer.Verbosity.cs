using System.Globalization;

namespace Gluon.Initializers;

public abstract partial class Initializer
{
    private bool _verbose;
    private Func<NDArray, string>? _printFunc;

    /// <summary>
    /// Receives each verbose line (MXNet writes them with <c>logging.info</c>); while nobody
    /// subscribes, lines go to standard error.
    /// </summary>
    public static event Action<string>? Logged;

    /// <summary>
    /// Switches verbose mode (MXNet's <c>set_verbosity</c>): after each array is filled, logs
    /// <c>Initialized {name} as {rule}: {printFunc(arr)}</c>. The default statistic is
    /// ‖x‖₂/√size(x).
    /// </summary>
    /// <returns>This initializer.</returns>
    public Initializer SetVerbosity(bool verbose = false, Func<NDArray, string>? printFunc = null)
    {
        _verbose = verbose;
        _printFunc = printFunc ?? RootMeanSquare;
        return this;
    }

    /// <summary>Logs one verbose line for <paramref name="desc"/> when verbose mode is on.</summary>
    protected void VerbosePrint(InitDesc desc, string rule, NDArray arr)
    {
        if (_verbose && _printFunc is not null) Log($"Initialized {desc.Name} as {rule}: {_printFunc(arr)}");
    }

    /// <summary>Sends <paramref name="line"/> to <see cref="Logged"/> or, with no subscriber, to standard error.</summary>
    internal static void Log(string line)
    {
        var handler = Logged;
        if (handler is null) Console.Error.WriteLine(line);
        else handler(line);
    }

    private static string RootMeanSquare(NDArray x)
    {
        var v = x.ToArray<double>();
        double sum = 0;
        foreach (var e in v) sum += e * e;
        // float32 like MXNet's norm(x)/sqrt(x.size) on a float32 array
        return ((float)(Math.Sqrt(sum) / Math.Sqrt(Math.Max(1, v.Length)))).ToString("R", CultureInfo.InvariantCulture);
    }
}
