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
}
