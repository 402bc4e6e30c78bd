namespace LearningRate.Benchmarks.Scaling;

/// <summary>The scaling rows' arrays, filled fast enough for 256M elements.</summary>
public static class ScalingArrays
{
    /// <summary>
    /// Uniform floats in [low, high): a 64K-element random block, repeated (a 256M-element array would
    /// otherwise spend tens of seconds in the random generator; the steps do not care).
    /// </summary>
    public static float[] Uniform(int length, int seed, double low, double high)
    {
        var random = new Random(seed);
        var values = GC.AllocateUninitializedArray<float>(length);
        var block = Math.Min(length, 1 << 16);
        for (var i = 0; i < block; i++)
        {
            values[i] = (float)(low + ((high - low) * random.NextDouble()));
        }

        for (var start = block; start < length; start += block)
        {
            values.AsSpan(0, Math.Min(block, length - start)).CopyTo(values.AsSpan(start));
        }

        return values;
    }
}
