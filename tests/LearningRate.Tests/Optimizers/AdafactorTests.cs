using LearningRate.Checkpoints;
using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Optimizers;

/// <summary>
/// Adafactor against a hand transcription of torch.optim.Adafactor in the same precision (bit for bit): vectors of every
/// length up to 300 (unfactored), matrices and rank-3 tensors (factored over the last two dimensions), a scalar, empty
/// tensors, every option; state lengths from the shape; the options' ranges; no allocation per step; a resume from a
/// checkpoint with ε1 given and absent.
/// </summary>
public class AdafactorTests
{
    public static TheoryData<int[]> Shapes()
    {
        var shapes = new TheoryData<int[]> { new[] { 6, 4 }, new[] { 4, 6 }, new[] { 1, 9 }, new[] { 9, 1 }, new[] { 2, 3, 5 }, new[] { 3, 17, 33 }, Array.Empty<int>(), new[] { 0, 5 }, new[] { 40, 30 } };
        foreach (var length in new[] { 0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 64, 100, 127, 255, 300 })
        {
            shapes.Add([length]);
        }

        return shapes;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Adafactor_HasTheBitsOfTheTranscription(int[] shape)
    {
        Compare<double>(shape, new AdafactorOptions(), new AdafactorReference<double>(shape));
        Compare<float>(shape, new AdafactorOptions(), new AdafactorReference<float>(shape));
        var options = new AdafactorOptions { LearningRate = 0.5, Beta2Decay = -0.5, Epsilon1 = 1e-4, Epsilon2 = 0.1, D = 2, WeightDecay = 0.05, Maximize = true };
        Compare<double>(shape, options, new AdafactorReference<double>(shape) { LearningRate = 0.5, Beta2Decay = -0.5, Epsilon1 = 1e-4, Epsilon2 = 0.1, D = 2, WeightDecay = 0.05, Maximize = true });
        Compare<float>(shape, options, new AdafactorReference<float>(shape) { LearningRate = 0.5, Beta2Decay = -0.5, Epsilon1 = 1e-4, Epsilon2 = 0.1, D = 2, WeightDecay = 0.05, Maximize = true });
    }

    [Fact]
    public void State_IsFactoredByTheShape()
    {
        var adafactor = new Adafactor<float>();
        var matrix = adafactor.Add("matrix", new float[2 * 3 * 5], new float[30], 2, 3, 5);
        var vector = adafactor.Add("vector", new float[7], new float[7]);
        (matrix.Block.LengthOf(0), matrix.Block.LengthOf(1), matrix.Block.LengthOf(2)).Should().Be((6, 10, 0));
        (vector.Block.LengthOf(0), vector.Block.LengthOf(1), vector.Block.LengthOf(2)).Should().Be((0, 0, 7));
    }

    [Fact]
    public void Options_HavePyTorchsDefaults_AndRefuseValuesOutsideTheirRange()
    {
        var defaults = new AdafactorOptions();
        (defaults.LearningRate, defaults.Beta2Decay, defaults.Epsilon1, defaults.Epsilon2, defaults.D, defaults.WeightDecay, defaults.Maximize)
            .Should().Be((1e-2, -0.8, (double?)null, 1e-3, 1.0, 0.0, false));
        FluentActions.Invoking(() => new AdafactorOptions { Beta2Decay = 0.1 }).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("Beta2Decay");
        FluentActions.Invoking(() => new AdafactorOptions { Beta2Decay = double.NegativeInfinity }).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("Beta2Decay");
        FluentActions.Invoking(() => new AdafactorOptions { Epsilon1 = -1e-30 }).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("Epsilon1");
        FluentActions.Invoking(() => new AdafactorOptions { Epsilon2 = double.NaN }).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("Epsilon2");
        FluentActions.Invoking(() => new AdafactorOptions { D = 0.5 }).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("D");
        new AdafactorOptions { Epsilon1 = 0, D = 1 }.Epsilon1.Should().Be(0);
    }

    [Fact]
    public void Step_DoesNotAllocate()
    {
        var random = new Random(3);
        var adafactor = new Adafactor<float>();
        adafactor.Add("w", TestData.Uniform<float>(random, 48 * 32, -1, 1), TestData.Uniform<float>(random, 48 * 32, -1, 1), 48, 32);
        adafactor.Add("b", TestData.Uniform<float>(random, 32, -1, 1), TestData.Uniform<float>(random, 32, -1, 1));
        adafactor.Step();
        Allocations.Fewest(() => adafactor.Step()).Should().Be(0);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(1e-20)]
    public void Checkpoint_ResumesBitForBit(double? epsilon1)
    {
        var options = new AdafactorOptions { Epsilon1 = epsilon1, WeightDecay = 0.01 };
        var random = new Random(5);
        var start = TestData.Uniform<double>(random, 5 * 6, -1, 1);
        var gradients = Enumerable.Range(0, 6).Select(_ => TestData.Uniform<double>(random, start.Length, -1, 1)).ToArray();
        double[] straight = [.. start], gradient = new double[start.Length], resumed = [.. start], resumedGradient = new double[start.Length];
        var uninterrupted = new Adafactor<double>(options);
        uninterrupted.Add("w", straight, gradient, 5, 6);
        var first = new Adafactor<double>(options);
        first.Add("w", resumed, resumedGradient, 5, 6);
        for (var step = 0; step < 6; step++)
        {
            gradients[step].CopyTo(gradient, 0);
            uninterrupted.Step();
            if (step < 3)
            {
                gradients[step].CopyTo(resumedGradient, 0);
                first.Step();
            }
        }

        using var stream = new MemoryStream();
        Checkpoint.Save(first, stream);
        double[] second = new double[start.Length], secondGradient = new double[start.Length];
        var restored = new Adafactor<double>(options);
        restored.Add("w", second, secondGradient, 5, 6);
        stream.Position = 0;
        Checkpoint.Load(restored, stream);
        for (var step = 3; step < 6; step++)
        {
            gradients[step].CopyTo(secondGradient, 0);
            restored.Step();
        }

        TestData.ShouldHaveSameBits<double>(second, straight, $"resumed after three steps, ε1 = {epsilon1}");

        // A checkpoint of another shape's state is refused.
        var reshaped = new Adafactor<double>(options);
        reshaped.Add("w", new double[30], new double[30], 6, 5);
        stream.Position = 0;
        FluentActions.Invoking(() => Checkpoint.Load(reshaped, stream)).Should().Throw<CheckpointException>();
    }

    private static void Compare<T>(int[] shape, AdafactorOptions options, AdafactorReference<T> reference)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = shape.Aggregate(1, (a, b) => a * b);
        var random = new Random(n + shape.Length);
        var start = TestData.Uniform<T>(random, n, -1, 1);
        T[] actual = [.. start], expected = [.. start], gradient = new T[n];
        var adafactor = new Adafactor<T>(options);
        adafactor.Add("w", actual, gradient, shape);
        for (var step = 0; step < 5; step++)
        {
            TestData.Uniform<T>(random, n, -1, 1).CopyTo(gradient, 0);
            adafactor.Step();
            reference.Step(expected, gradient);
        }

        TestData.ShouldHaveSameBits<T>(actual, expected, $"{typeof(T).Name} [{string.Join(", ", shape)}] {options}");
    }
}
