namespace Gluon.Ops.Definitions;

/// <summary>
/// Attribute and type rules shared by ops that join <c>num_args</c> inputs named
/// <c>arg0..arg{n−1}</c> by moving raw elements (<c>Concat</c>, <c>stack</c>).
/// </summary>
internal static class VariadicInputs
{
    /// <summary>The required <c>num_args</c> attribute, at least 1.</summary>
    /// <exception cref="ArgumentException">It is missing or below 1.</exception>
    public static int ParseNumArgs(string op, OpAttrs a)
    {
        int n = a.GetInt(op, "num_args");
        if (n < 1) throw new ArgumentException($"{op}: num_args={n} must be at least 1");
        return n;
    }

    /// <summary>Input names arg0..arg{n−1}.</summary>
    public static string[] Names(int n) => Enumerable.Range(0, n).Select(i => $"arg{i}").ToArray();

    /// <summary>The output dtype: every input must already have the first input's dtype, since the kernels move raw elements.</summary>
    /// <exception cref="ArgumentException">The dtypes differ.</exception>
    public static DType[] SameDType(string op, DType[] inputs)
    {
        for (int i = 1; i < inputs.Length; i++)
            if (inputs[i] != inputs[0])
                throw new ArgumentException($"{op}: all inputs must have the same dtype, got {string.Join(", ", inputs.Select(t => t.Name()))}");
        return [inputs[0]];
    }
}
