namespace Gluon;

/// <summary>
/// Where Gluon reports what MXNet reports with Python's <c>warnings.warn</c> (a parameter
/// initialized twice, unregistered blocks, hooks on a hybridized block). Without a subscriber
/// the text goes to standard error; tests and applications can subscribe to capture it.
/// </summary>
public static class Warnings
{
    /// <summary>Raised with the text of each warning; while anyone subscribes, nothing is printed.</summary>
    public static event Action<string>? Raised;

    internal static void Emit(string message)
    {
        var handler = Raised;
        if (handler is null) Console.Error.WriteLine("warning: " + message);
        else handler(message);
    }
}
