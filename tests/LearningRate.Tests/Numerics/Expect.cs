using System.Globalization;

namespace LearningRate.Tests.Numerics;

/// <summary>
/// An equality check for loops over tens of thousands of values: a plain comparison, and the assertion (with its
/// message) only on a mismatch, so an exhaustive test costs the comparisons, not an assertion object per value.
/// </summary>
internal static class Expect
{
    public static void Equal<T>(T actual, T expected, string format, params object?[] args)
        where T : IEquatable<T>
    {
        if (!actual.Equals(expected))
        {
            actual.Should().Be(expected, "{0}", string.Format(CultureInfo.InvariantCulture, format, args));
        }
    }
}
