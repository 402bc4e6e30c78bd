namespace LearningRate.Internal;

/// <summary>Length and aliasing checks shared by every public kernel entry point.</summary>
internal static class SpanChecks
{
    /// <summary>Throws unless <paramref name="span"/> has exactly <paramref name="length"/> elements.</summary>
    public static void Length<T>(ReadOnlySpan<T> span, int length, string name)
    {
        if (span.Length != length)
        {
            Guard.ThrowArgument(name, $"{name} has {span.Length} elements; expected {length}, the length of parameters.");
        }
    }

    /// <summary>Throws when two spans that the kernel writes or reads separately share memory.</summary>
    public static void Disjoint<T>(ReadOnlySpan<T> a, string aName, ReadOnlySpan<T> b, string bName)
    {
        if (a.Overlaps(b))
        {
            Guard.ThrowArgument(bName, $"{bName} overlaps {aName}; every span must be a separate buffer.");
        }
    }
}
