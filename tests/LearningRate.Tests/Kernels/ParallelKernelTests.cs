using LearningRate.Kernels;
using LearningRate.Kernels.Simd;
using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;
using LearningRate.Tests.Optimizers;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Kernels;

/// <summary>
/// The multi-core path: every case of the table, over spans cut into several chunks at every
/// alignment of the parameters, must give bit for bit what one core gives, and allocate nothing on
/// the calling thread or on the workers. The settings are process-wide, so these tests do not run
/// alongside others.
/// </summary>
[Collection(nameof(ParallelKernelTests))]
[CollectionDefinition(nameof(ParallelKernelTests), DisableParallelization = true)]
public sealed class ParallelKernelTests : IDisposable
{
    // 300,007 floats = 4.6 chunks of the 256 KB minimum (65,536 floats); doubles: 9.2 chunks.
    private const int Length = 300_007;
    /// <summary>The steps each comparison runs, more if a case's descriptor needs them to reach every branch.</summary>
    private const int Steps = 3;

    private readonly int _savedDegree = KernelParallelism.MaxDegreeOfParallelism;
    private readonly int _savedMinimum = KernelParallelism.MinimumLength;

    /// <summary>The cases whose kernel splits a large span over several cores (block-wise quantized state runs on one).</summary>
    public static TheoryData<string> Cases() =>
        [.. OptimizerCases.All.Keys.Order(StringComparer.Ordinal).Where(name => OptimizerCases.All[name].Descriptor.SplitsAcrossCores)];

    public void Dispose()
    {
        KernelParallelism.MaxDegreeOfParallelism = _savedDegree;
        KernelParallelism.MinimumLength = _savedMinimum;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Step_ManyCores_IsBitIdenticalToOneCore(string name)
    {
        foreach (var offset in new[] { 0, 7 })
        {
            BitIdentical<float>(OptimizerCases.All[name], offset, threads: 4);
            BitIdentical<double>(OptimizerCases.All[name], offset, threads: 3);
        }
    }

    [Fact]
    public void Step_ManyCores_AllocatesNothing()
    {
        KernelParallelism.MaxDegreeOfParallelism = 4;
        KernelParallelism.MinimumLength = 1;
        var parameters = TestData.Uniform<float>(new Random(1), Length, -1, 1);
        var gradients = TestData.Uniform<float>(new Random(2), Length, -1, 1);
        var adam = new Adam<float>(new AdamOptions { AmsGrad = true });
        adam.Add("p", parameters, gradients);
        adam.Step();
        var workersBefore = ParallelRunner.WorkerAllocatedBytes;
        var calls = ParallelRunner.ParallelCalls;
        Allocations.Fewest(() =>
        {
            for (var i = 0; i < 20; i++)
            {
                adam.Step();
            }
        }).Should().Be(0);
        ParallelRunner.ParallelCalls.Should().Be(calls + 120, "three measured windows of 20 steps, each step summing the gradient's squares and updating on several cores");
        (ParallelRunner.WorkerAllocatedBytes - workersBefore).Should().Be(0);
    }

    /// <summary>
    /// The gradient norm's Σg² on several cores: chunks summed by whichever thread takes them, added in order by the
    /// caller, so the bits are those of the fixed order (<see cref="SquareSumReference"/>) at any number of threads.
    /// </summary>
    [Fact]
    public void SquareSum_ManyCores_GivesTheBitsOfTheFixedOrder()
    {
        KernelParallelism.MinimumLength = 1;
        var random = new Random(9);
        foreach (var length in new[] { Length, 3 * SquareSum.ChunkLength, (2 * SquareSum.ChunkLength) + 31 })
        {
            var floats = TestData.Uniform<float>(random, length, -3, 3);
            var doubles = TestData.Uniform<double>(random, length, -3, 3);
            for (var threads = 2; threads <= 4; threads++)
            {
                KernelParallelism.MaxDegreeOfParallelism = threads;
                var calls = ParallelRunner.ParallelCalls;
                SquareSum.Accumulate<float>(floats, 0.25).Should().Be(SquareSumReference.Of<float>(floats, 0.25), $"float, {length} on {threads} threads");
                SquareSum.Accumulate<double>(doubles, 0.25).Should().Be(SquareSumReference.Of<double>(doubles, 0.25), $"double, {length} on {threads} threads");
                ParallelRunner.ParallelCalls.Should().Be(calls + 2);
            }
        }
    }

    [Fact]
    public void GradientNorm_ManyCores_IsTheFixedOrderNorm()
    {
        KernelParallelism.MaxDegreeOfParallelism = 3;
        KernelParallelism.MinimumLength = 1;
        var random = new Random(10);
        var a = TestData.Uniform<float>(random, Length, -1, 1);
        var b = TestData.Uniform<float>(random, 50, -1, 1);
        var c = TestData.Uniform<float>(random, 3 * SquareSum.ChunkLength, -1, 1);
        var adam = new Adam<float>();
        adam.Add("a", new float[a.Length], a);
        adam.Add("b", new float[b.Length], b);
        adam.Add("c", new float[c.Length], c);
        var expected = Math.Sqrt(SquareSumReference.Of<float>(c, SquareSumReference.Of<float>(b, SquareSumReference.Of<float>(a))));
        adam.Step().GradientNorm.Should().Be(expected);
    }

    [Fact]
    public void Settings_BelowOne_Throw()
    {
        FluentActions.Invoking(() => KernelParallelism.MaxDegreeOfParallelism = 0)
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("value");
        FluentActions.Invoking(() => KernelParallelism.MinimumLength = 0)
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("value");
        KernelParallelism.MaxDegreeOfParallelism.Should().Be(_savedDegree);
        KernelParallelism.MinimumLength.Should().Be(_savedMinimum);
    }

    /// <summary>Runs the case on one core and on <paramref name="threads"/>; both must agree bit for bit.</summary>
    private static void BitIdentical<T>(OptimizerCase optimizerCase, int offset, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(offset);
        var initial = TestData.Uniform<T>(random, offset + Length, -2, 2);
        var steps = Math.Max(Steps, optimizerCase.Descriptor.StepsToReachEveryBranch);
        var gradientSteps = Enumerable.Range(0, steps).Select(_ => TestData.Uniform<T>(random, offset + Length, -1, 1)).ToArray();
        var one = Run(optimizerCase, initial, gradientSteps, offset, threads: 1);
        var calls = ParallelRunner.ParallelCalls;
        var many = Run(optimizerCase, initial, gradientSteps, offset, threads);
        ParallelRunner.ParallelCalls.Should().BeGreaterThanOrEqualTo(calls + steps, "every step must take the multi-core path");
        for (var i = 0; i < one.Length; i++)
        {
            if (!one[i].Equals(many[i]))
            {
                many[i].Should().Be(one[i], $"{optimizerCase.Name} {typeof(T).Name}, offset {offset}: element {i} of {Length}");
            }
        }
    }

    private static T[] Run<T>(OptimizerCase optimizerCase, T[] initial, T[][] gradientSteps, int offset, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        KernelParallelism.MaxDegreeOfParallelism = threads;
        KernelParallelism.MinimumLength = 1;
        var parameters = initial.ToArray();
        var gradients = new T[parameters.Length];
        var optimizer = optimizerCase.Create<T>(parameters.AsMemory(offset), gradients.AsMemory(offset));
        foreach (var step in gradientSteps)
        {
            step.CopyTo(gradients, 0);
            optimizer.Step();
        }

        return parameters;
    }
}
