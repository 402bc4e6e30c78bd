using LearningRate.Tests.Infrastructure;
using LearningRate.Tests.Optimizers;

namespace LearningRate.Tests.Kernels;

/// <summary>
/// The functional form of every case: the public static kernel over caller-owned state, called step after step
/// with the options' hyper-parameters, gives bit for bit what the optimizer gives.
/// </summary>
public class FunctionalApiTests
{
    /// <summary>The steps each comparison runs, more if a case's descriptor needs them to reach every branch.</summary>
    private const int Steps = 5;

    public static TheoryData<string> Cases() => OptimizerCases.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Functional_IsBitIdenticalToTheOptimizer(string name)
    {
        foreach (var length in Enumerable.Range(0, 48).Append(300).Append(4099))
        {
            BitIdentical<float>(OptimizerCases.All[name], length);
            BitIdentical<double>(OptimizerCases.All[name], length);
        }
    }

    private static void BitIdentical<T>(OptimizerCase optimizerCase, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(length + 17);
        var viaOptimizer = TestData.Uniform<T>(random, length, -2, 2);
        var functional = viaOptimizer.ToArray();
        var gradients = new T[length];
        var optimizer = optimizerCase.Create<T>(viaOptimizer, gradients);
        var update = optimizerCase.CreateFunctional<T>(length);
        for (var step = 0; step < Math.Max(Steps, optimizerCase.Descriptor.StepsToReachEveryBranch); step++)
        {
            TestData.Uniform<T>(random, length, -1, 1).CopyTo(gradients, 0);
            optimizer.Step();
            update(functional, gradients);
        }

        TestData.ShouldHaveSameBits<T>(functional, viaOptimizer, $"{optimizerCase.Name} {typeof(T).Name}");
    }
}
