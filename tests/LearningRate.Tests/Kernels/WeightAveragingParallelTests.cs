using LearningRate.Kernels;
using LearningRate.Tests.Infrastructure;

namespace LearningRate.Tests.Kernels;

/// <summary>
/// The weight-averaging passes on the multi-core path give bit for bit what one core gives. The settings are
/// process-wide, so this runs in the parallel kernel tests' collection, alone.
/// </summary>
[Collection(nameof(ParallelKernelTests))]
public sealed class WeightAveragingParallelTests : IDisposable
{
    private const int Length = 300_007;

    private readonly int _savedDegree = KernelParallelism.MaxDegreeOfParallelism;
    private readonly int _savedMinimum = KernelParallelism.MinimumLength;

    public void Dispose()
    {
        KernelParallelism.MaxDegreeOfParallelism = _savedDegree;
        KernelParallelism.MinimumLength = _savedMinimum;
    }

    [Fact]
    public void ManyCores_AreBitIdenticalToOneCore()
    {
        Check<float>(4);
        Check<double>(3);

        void Check<T>(int threads)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var average = TestData.Uniform<T>(new Random(1), Length, -1, 1);
            var parameters = TestData.Uniform<T>(new Random(2), Length, -1, 1);
            var one = Run(average.ToArray(), parameters.ToArray(), 1);
            var many = Run(average.ToArray(), parameters.ToArray(), threads);
            TestData.ShouldHaveSameBits<T>(many.Average, one.Average, $"{typeof(T).Name} average");
            TestData.ShouldHaveSameBits<T>(many.Parameters, one.Parameters, $"{typeof(T).Name} parameters");
        }

        (T[] Average, T[] Parameters) Run<T>(T[] average, T[] parameters, int threads)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            KernelParallelism.MaxDegreeOfParallelism = threads;
            KernelParallelism.MinimumLength = 1;
            WeightAveragingKernel.Equal<T>(average, parameters, 3);
            WeightAveragingKernel.Exponential<T>(average, parameters, 0.99);
            WeightAveragingKernel.Exponential<T>(average, parameters, 0.2);
            WeightAveragingKernel.Swap<T>(average, parameters);
            WeightAveragingKernel.Equal<T>(average, parameters, 8);
            return (average, parameters);
        }
    }
}
