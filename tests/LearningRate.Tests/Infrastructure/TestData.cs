using System.Runtime.InteropServices;

namespace LearningRate.Tests.Infrastructure;

/// <summary>Seeded inputs and the span lengths that cover every SIMD remainder.</summary>
public static class TestData
{
    /// <summary>0..300: every remainder of every width (Vector512 of double has 8 lanes, of float 16) several times over.</summary>
    public static IEnumerable<int> Lengths => Enumerable.Range(0, 301);

    public static T[] Uniform<T>(Random random, int length, double low, double high)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new T[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = T.CreateTruncating(low + ((high - low) * random.NextDouble()));
        }

        return values;
    }

    public static double[] ToDouble<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = double.CreateTruncating(values[i]);
        }

        return result;
    }

    /// <summary>
    /// Asserts that <paramref name="actual"/> holds exactly the bits of <paramref name="expected"/> (signed zeros and
    /// NaN payloads included, which equality of values would not tell apart), naming the first element that differs.
    /// </summary>
    public static void ShouldHaveSameBits<T>(ReadOnlySpan<T> actual, ReadOnlySpan<T> expected, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        actual.Length.Should().Be(expected.Length, what);
        if (MemoryMarshal.AsBytes(actual).SequenceEqual(MemoryMarshal.AsBytes(expected)))
        {
            return;
        }

        for (var i = 0; i < actual.Length; i++)
        {
            if (!MemoryMarshal.AsBytes(actual.Slice(i, 1)).SequenceEqual(MemoryMarshal.AsBytes(expected.Slice(i, 1))))
            {
                Assert.Fail($"{what}: element {i} of {actual.Length} is {actual[i]:R}, expected the bits of {expected[i]:R}.");
            }
        }
    }
}
