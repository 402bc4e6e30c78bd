using LearningRate.Tests.Infrastructure;
using LearningRate.Tests.Optimizers;

namespace LearningRate.Tests.Kernels;

/// <summary>
/// Every case of the catalogue against its plain-loop references, at every span length 0..300 and on a
/// large span, in float and double, in place: within a tolerance of the independent double oracle, and bit for
/// bit equal to the same-precision loop where the descriptor provides one. CI reruns this with AVX-512, AVX2 and
/// all hardware intrinsics disabled, so every width of the kernel is compared with the same references.
/// </summary>
public class KernelParityTests
{
    /// <summary>The steps each comparison runs, more if a case's descriptor needs them to reach every branch.</summary>
    private const int Steps = 4;

    public static TheoryData<string> Cases() => OptimizerCases.Names();

    /// <summary>The cases whose descriptor provides a same-precision reference.</summary>
    public static TheoryData<string> SamePrecisionCases() =>
        [.. OptimizerCases.All.Keys.Order(StringComparer.Ordinal).Where(name => OptimizerCases.All[name].CreateSamePrecisionReference<float>(0) is not null)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Double_MatchesReference_AtEveryLength(string name)
    {
        foreach (var length in TestData.Lengths.Append(100_003))
        {
            AssertMatchesReference<double>(OptimizerCases.All[name], length, 1e-12);
        }
    }

    /// <summary>
    /// The reference runs in double from the same float inputs; the kernel rounds each operation to
    /// float (ε ≈ 6e-8), so after a few steps parameters of O(1) differ by a few 1e-7.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Float_MatchesReference_AtEveryLength(string name)
    {
        foreach (var length in TestData.Lengths.Append(100_003))
        {
            AssertMatchesReference<float>(OptimizerCases.All[name], length, 1e-5);
        }
    }

    /// <summary>
    /// The same-precision loop does the kernel's operations in the kernel's order with the kernel's fused
    /// multiply-adds, each correctly rounded in IEEE 754, so any vector width must give exactly its bits.
    /// </summary>
    [Theory]
    [MemberData(nameof(SamePrecisionCases))]
    public void SamePrecisionReference_IsBitIdentical_AtEveryLength(string name)
    {
        foreach (var length in TestData.Lengths.Append(100_003))
        {
            AssertBitIdenticalToSamePrecision<float>(OptimizerCases.All[name], length);
            AssertBitIdenticalToSamePrecision<double>(OptimizerCases.All[name], length);
        }
    }

    /// <summary>
    /// Elementwise rules must not depend on where an element sits: a span of n (alignment peel,
    /// widest vectors, one vector of each narrower width, scalar tail) gives bit for bit what n
    /// one-element spans (scalar path only) give. Lengths 1..47 reach every tail combination of
    /// 16-, 8- and 4-lane vectors; 300 elements starting at offsets 0..15 of a buffer reach every
    /// size of the alignment peel. Block-wise quantized state shares a scale per block, so its elements are not
    /// independent: its vector paths are held to the same-precision loop instead (above, and at every alignment in its
    /// own tests).
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void VectorPath_IsBitIdenticalToScalarPath(string name)
    {
        if (!OptimizerCases.All[name].Descriptor.IsElementwise)
        {
            TensorWide_IsBitIdenticalAtEveryAlignment(name);
            return;
        }

        foreach (var length in Enumerable.Range(1, 47))
        {
            BitIdentical<float>(OptimizerCases.All[name], length, offset: 0);
            BitIdentical<double>(OptimizerCases.All[name], length, offset: 0);
        }

        foreach (var offset in Enumerable.Range(0, 16))
        {
            BitIdentical<float>(OptimizerCases.All[name], 300, offset);
            BitIdentical<double>(OptimizerCases.All[name], 300, offset);
        }
    }

    /// <summary>
    /// A rule that reduces over the whole tensor (LAMB's norms) cannot be split into one-element tensors. What must not
    /// change its bits is where the tensor sits: the alignment peel moves the boundary between vector widths, and a sum
    /// whose order followed the vectors would change with it. Lengths 1..47 at two offsets and 300 elements at offsets
    /// 0..15 of a buffer, against the same tensor at offset 0 of its own array.
    /// </summary>
    private static void TensorWide_IsBitIdenticalAtEveryAlignment(string name)
    {
        foreach (var length in Enumerable.Range(1, 47))
        {
            SameAtOffset<float>(OptimizerCases.All[name], length, offset: 3);
            SameAtOffset<double>(OptimizerCases.All[name], length, offset: 1);
        }

        foreach (var offset in Enumerable.Range(1, 15))
        {
            SameAtOffset<float>(OptimizerCases.All[name], 300, offset);
            SameAtOffset<double>(OptimizerCases.All[name], 300, offset);
        }
    }

    private static void SameAtOffset<T>(OptimizerCase optimizerCase, int length, int offset)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(7);
        var buffer = new T[offset + length];
        var shifted = buffer.AsMemory(offset, length);
        TestData.Uniform<T>(random, length, -2, 2).CopyTo(shifted);
        var aligned = shifted.ToArray();
        T[] gradients = new T[length], alignedGradients = new T[length];
        var optimizer = optimizerCase.Create<T>(shifted, gradients);
        var alignedOptimizer = optimizerCase.Create<T>(aligned, alignedGradients);
        for (var step = 0; step < StepsFor(optimizerCase); step++)
        {
            TestData.Uniform<T>(random, length, -1, 1).CopyTo(gradients, 0);
            gradients.CopyTo(alignedGradients, 0);
            optimizer.Step();
            alignedOptimizer.Step();
        }

        TestData.ShouldHaveSameBits<T>(shifted.ToArray(), aligned, $"{optimizerCase.Name} {typeof(T).Name}: {length} elements at offset {offset}");
    }

    private static int StepsFor(OptimizerCase optimizerCase) => Math.Max(Steps, optimizerCase.Descriptor.StepsToReachEveryBranch);

    private static void AssertMatchesReference<T>(OptimizerCase optimizerCase, int length, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(length);
        var parameters = TestData.Uniform<T>(random, length, -2, 2);
        var gradients = new T[length];
        var expected = TestData.ToDouble<T>(parameters);
        var optimizer = optimizerCase.Create<T>(parameters, gradients);
        var reference = optimizerCase.CreateReference<T>(length);
        for (var step = 0; step < StepsFor(optimizerCase); step++)
        {
            TestData.Uniform<T>(random, length, -1, 1).CopyTo(gradients, 0);
            optimizer.Step();
            reference.Step(expected, TestData.ToDouble<T>(gradients));
        }

        for (var i = 0; i < length; i++)
        {
            var actual = double.CreateTruncating(parameters[i]);
            Math.Abs(actual - expected[i]).Should().BeLessThanOrEqualTo(
                tolerance * (1 + Math.Abs(expected[i])),
                $"{optimizerCase.Name} {typeof(T).Name}: element {i} of {length}");
        }
    }

    private static void AssertBitIdenticalToSamePrecision<T>(OptimizerCase optimizerCase, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(length);
        var parameters = TestData.Uniform<T>(random, length, -2, 2);
        var gradients = new T[length];
        var expected = parameters.ToArray();
        var optimizer = optimizerCase.Create<T>(parameters, gradients);
        var reference = optimizerCase.CreateSamePrecisionReference<T>(length)!;
        for (var step = 0; step < StepsFor(optimizerCase); step++)
        {
            TestData.Uniform<T>(random, length, -1, 1).CopyTo(gradients, 0);
            optimizer.Step();
            reference(expected, gradients);
        }

        TestData.ShouldHaveSameBits<T>(parameters, expected, $"{optimizerCase.Name} {typeof(T).Name}");
    }

    private static void BitIdentical<T>(OptimizerCase optimizerCase, int length, int offset)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(7);
        var buffer = new T[offset + length];
        var whole = buffer.AsMemory(offset, length);
        TestData.Uniform<T>(random, length, -2, 2).CopyTo(whole);
        var singles = whole.ToArray().Select(value => new[] { value }).ToArray();
        var gradients = new T[length];
        var singleGradients = new T[length][];
        var optimizer = optimizerCase.Create<T>(whole, gradients);
        var singleOptimizers = new LearningRate.Optimizers.IOptimizer[length];
        for (var i = 0; i < length; i++)
        {
            singleGradients[i] = new T[1];
            singleOptimizers[i] = optimizerCase.Create<T>(singles[i], singleGradients[i]);
        }

        for (var step = 0; step < StepsFor(optimizerCase); step++)
        {
            TestData.Uniform<T>(random, length, -1, 1).CopyTo(gradients, 0);
            optimizer.Step();
            for (var i = 0; i < length; i++)
            {
                singleGradients[i][0] = gradients[i];
                singleOptimizers[i].Step();
            }
        }

        for (var i = 0; i < length; i++)
        {
            whole.Span[i].Should().Be(singles[i][0], $"{optimizerCase.Name} {typeof(T).Name}: element {i} of {length} at offset {offset}");
        }
    }
}
