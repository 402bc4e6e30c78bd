namespace LearningRate.Tests.Reference;

/// <summary>
/// The fixed order of the gradient norm's Σx², transcribed one element at a time from its definition: chunks of
/// 65,536 elements; in a chunk of n, lane k mod 32 adds the square (in double) of element k, in index order, for the
/// first 32·⌊n/32⌋ elements; the 32 lanes combine as lane j + lane (j + w) for w = 16, 8, 4, 2, 1; the squares of the
/// last n mod 32 elements are added to lane 0 one at a time; the running total adds the chunk sums in order.
/// </summary>
public static class SquareSumReference
{
    public static double Of<T>(ReadOnlySpan<T> values, double total = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int Chunk = 65_536;
        for (var start = 0; start < values.Length; start += Chunk)
        {
            var chunk = values.Slice(start, Math.Min(Chunk, values.Length - start));
            var grouped = chunk.Length / 32 * 32;
            var lanes = new double[32];
            for (var k = 0; k < grouped; k++)
            {
                var x = double.CreateTruncating(chunk[k]);
                var square = x * x;
                lanes[k % 32] = lanes[k % 32] + square;
            }

            for (var width = 16; width >= 1; width /= 2)
            {
                for (var j = 0; j < width; j++)
                {
                    lanes[j] = lanes[j] + lanes[j + width];
                }
            }

            var sum = lanes[0];
            for (var k = grouped; k < chunk.Length; k++)
            {
                var x = double.CreateTruncating(chunk[k]);
                var square = x * x;
                sum = sum + square;
            }

            total = total + sum;
        }

        return total;
    }
}
