using LearningRate.Kernels.Simd;
using LearningRate.Tests.Infrastructure;

namespace LearningRate.Tests.Kernels.Simd;

/// <summary>
/// The i-k-j matrix product gives the bits of the naive triple loop (each element summed over k in increasing order
/// from +0) at every shape: four-row blocks and their remainder, column blocks of 512 and their remainder, every
/// vector tail, empty dimensions; and the transpose is one.
/// </summary>
public class RowMatrixTests
{
    public static TheoryData<int, int, int> Shapes() => new()
    {
        { 0, 3, 4 }, { 3, 0, 4 }, { 3, 4, 0 }, { 1, 1, 1 }, { 1, 7, 1 }, { 4, 4, 4 }, { 5, 3, 17 }, { 7, 9, 33 },
        { 8, 16, 64 }, { 9, 2, 300 }, { 6, 5, 513 }, { 13, 11, 1030 }, { 33, 40, 31 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Multiply_HasTheBitsOfTheNaiveLoop(int m, int k, int n)
    {
        Check<float>(m, k, n);
        Check<double>(m, k, n);
    }

    [Fact]
    public void Transpose_MovesEveryElement()
    {
        var source = Enumerable.Range(0, 12).Select(i => (double)i).ToArray();
        var destination = new double[12];
        RowMatrix.Transpose<double>(source, destination, 3, 4);
        destination.Should().Equal(0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11);
    }

    private static void Check<T>(int m, int k, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random((m * 1_000_003) + (k * 1_009) + n);
        var left = TestData.Uniform<T>(random, m * k, -2, 2);
        var right = TestData.Uniform<T>(random, k * n, -2, 2);

        // Stale content in the result must not leak into it.
        var result = Enumerable.Repeat(T.NaN, m * n).ToArray();
        RowMatrix.Multiply<T>(left, right, result, m, k, n);

        var expected = new T[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = T.Zero;
                for (var p = 0; p < k; p++)
                {
                    sum += left[(i * k) + p] * right[(p * n) + j];
                }

                expected[(i * n) + j] = sum;
            }
        }

        TestData.ShouldHaveSameBits<T>(result, expected, $"{typeof(T).Name} {m}×{k}·{k}×{n}");
    }
}
