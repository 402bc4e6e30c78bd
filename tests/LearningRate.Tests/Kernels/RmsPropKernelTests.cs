using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;

namespace LearningRate.Tests.Kernels;

/// <summary>The functional form: caller-owned state, same numbers as the optimizer, checks before writes.</summary>
public class RmsPropKernelTests
{
    [Theory]
    [InlineData(false, 0.0)]
    [InlineData(true, 0.0)]
    [InlineData(false, 0.9)]
    [InlineData(true, 0.9)]
    public void Update_WithCallerOwnedState_EqualsTheOptimizer(bool centered, double momentum)
    {
        var options = new RmsPropOptions { LearningRate = 0.01, Centered = centered, Momentum = momentum, WeightDecay = 0.1 };
        float[] functional = [1, -2, 3, 0.5f, 7], viaOptimizer = [.. functional];
        float[] v = new float[5], b = new float[5], mean = new float[5];
        float[] g = [0.3f, -0.1f, 2, 0, -5];
        var rmsprop = new RmsProp<float>(options);
        rmsprop.Add("p", viaOptimizer, g);
        for (var step = 1; step <= 3; step++)
        {
            RmsPropKernel.Update<float>(functional, g, v, b, mean, ScalarsOf<float>(options));
            rmsprop.Step();
        }

        functional.Should().Equal(viaOptimizer);
    }

    [Fact]
    public void Update_WithoutMomentumOrCentering_IgnoresEmptyBuffers()
    {
        // α = 0.75, g = 2: v = (1 − α)·g² = 1, d = √v + ε = 1, so θ moves by γ·g/d = 1.
        var options = new RmsPropOptions { LearningRate = 0.5, Alpha = 0.75, Epsilon = 0 };
        double[] p = [0], v = [0];
        RmsPropKernel.Update<double>(p, [2.0], v, default, default, ScalarsOf<double>(options));
        v[0].Should().Be(1);
        p[0].Should().Be(-1);
    }

    [Theory]
    [InlineData(false, 1.0 / (2 + 5))]
    [InlineData(true, 1.0 / 3)]
    public void Update_EpsilonPlacement_FollowsTheOption(bool inside, double expectedStep)
    {
        // α = 0, g = 2: v = 4; PyTorch d = √4 + 5 = 7, Keras/Optax d = √(4 + 5) = 3; step γ·g/d with γ = 0.5.
        var options = new RmsPropOptions { LearningRate = 0.5, Alpha = 0, Epsilon = 5, EpsilonInsideRoot = inside };
        double[] p = [0];
        RmsPropKernel.Update<double>(p, [2.0], new double[1], default, default, ScalarsOf<double>(options));
        p[0].Should().BeApproximately(-expectedStep, 1e-15);
    }

    [Fact]
    public void Update_StepsByTheScalarsLearningRate()
    {
        var options = new RmsPropOptions { LearningRate = 0.25, Alpha = 0.75, Epsilon = 0 };
        double[] p = [0];
        RmsPropKernel.Update<double>(p, [2.0], new double[1], default, default, ScalarsOf<double>(options));
        p[0].Should().Be(-0.5);
    }

    public static TheoryData<string, Action> InvalidCalls()
    {
        var scalars = ScalarsOf<float>(new RmsPropOptions { Momentum = 0.9, Centered = true });
        return new()
        {
            { "gradients", () => RmsPropKernel.Update<float>(new float[4], new float[3], new float[4], new float[4], new float[4], scalars) },
            { "squareAverage", () => RmsPropKernel.Update<float>(new float[4], new float[4], new float[5], new float[4], new float[4], scalars) },
            { "momentumBuffer", () => RmsPropKernel.Update<float>(new float[4], new float[4], new float[4], default, new float[4], scalars) },
            { "gradientAverage", () => RmsPropKernel.Update<float>(new float[4], new float[4], new float[4], new float[4], new float[3], scalars) },
            { "learningRate", () => RmsPropKernel.Update<float>(new float[4], new float[4], new float[4], new float[4], new float[4], new RmsPropKernel.Scalars<float>(double.PositiveInfinity, 0.99, 1e-8, 0, 0.9, true, false, false)) },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidCalls))]
    public void Update_InvalidArgument_ThrowsNamingIt(string argument, Action call) =>
        call.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(argument);

    [Fact]
    public void Update_OverlappingSpans_Throw_AndWriteNothing()
    {
        var buffer = new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
        var snapshot = buffer.ToArray();
        var scalars = ScalarsOf<float>(new RmsPropOptions { Momentum = 0.9, Centered = true });
        var cases = new (string Name, Action Call)[]
        {
            ("squareAverage", () => RmsPropKernel.Update<float>(buffer.AsSpan(0, 4), new float[4], buffer.AsSpan(2, 4), new float[4], new float[4], scalars)),
            ("momentumBuffer", () => RmsPropKernel.Update<float>(new float[4], new float[4], buffer.AsSpan(0, 4), buffer.AsSpan(3, 4), new float[4], scalars)),
            ("gradientAverage", () => RmsPropKernel.Update<float>(new float[4], new float[4], new float[4], buffer.AsSpan(0, 4), buffer.AsSpan(1, 4), scalars)),
            ("gradientAverage", () => RmsPropKernel.Update<float>(buffer.AsSpan(0, 4), new float[4], new float[4], new float[4], buffer.AsSpan(2, 4), scalars)),
        };
        foreach (var (name, call) in cases)
        {
            call.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(name);
            buffer.Should().Equal(snapshot);
        }
    }

    [Fact]
    public void Update_EveryPairOfOverlappingSpans_ThrowsNamingTheLaterOne_AndWritesNothing()
    {
        // Centered with momentum uses all five spans; each pair (i, j) shares memory in turn.
        string[] names = ["parameters", "gradients", "squareAverage", "momentumBuffer", "gradientAverage"];
        var scalars = ScalarsOf<float>(new RmsPropOptions { Centered = true, Momentum = 0.9 });
        for (var i = 0; i < names.Length; i++)
        {
            for (var j = i + 1; j < names.Length; j++)
            {
                var buffers = Enumerable.Range(0, names.Length).Select(k => Enumerable.Range(0, 6).Select(x => (float)(k + x + 1)).ToArray()).ToArray();
                var snapshot = buffers.Select(b => b.ToArray()).ToArray();
                var shared = Enumerable.Range(1, 10).Select(x => (float)x).ToArray();
                var sharedBefore = shared.ToArray();
                var (pi, pj) = (i, j);
                var act = () =>
                {
                    Span<float> Span(int k) => k == pi ? shared.AsSpan(0, 6) : k == pj ? shared.AsSpan(4, 6) : buffers[k];
                    RmsPropKernel.Update<float>(Span(0), Span(1), Span(2), Span(3), Span(4), scalars);
                };
                act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(names[j], $"{names[i]} overlaps {names[j]}");
                shared.Should().Equal(sharedBefore, "nothing is written before the check");
                buffers.Should().BeEquivalentTo(snapshot, o => o.WithStrictOrdering());
            }
        }
    }

    [Fact]
    public void Update_WithoutMomentumOrCentering_DoesNotCheckTheUnusedSpans()
    {
        var options = new RmsPropOptions { LearningRate = 0.5, Alpha = 0.75, Epsilon = 0 };
        double[] p = [0], v = [0];
        RmsPropKernel.Update<double>(p, [2.0], v, new double[3], new double[5], ScalarsOf<double>(options));
        p[0].Should().Be(-1);
    }

    public static TheoryData<string, Func<RmsPropKernel.Scalars<double>>> InvalidScalars() => new()
    {
        { "learningRate", () => new(-1e-2, 0.99, 1e-8, 0, 0, false, false, false) },
        { "learningRate", () => new(double.NaN, 0.99, 1e-8, 0, 0, false, false, false) },
        { "alpha", () => new(1e-2, 1, 1e-8, 0, 0, false, false, false) },
        { "alpha", () => new(1e-2, -0.01, 1e-8, 0, 0, false, false, false) },
        { "epsilon", () => new(1e-2, 0.99, -1e-8, 0, 0, false, false, false) },
        { "weightDecay", () => new(1e-2, 0.99, 1e-8, double.NegativeInfinity, 0, false, false, false) },
        { "momentum", () => new(1e-2, 0.99, 1e-8, 0, -0.9, false, false, false) },
        { "momentum", () => new(1e-2, 0.99, 1e-8, 0, double.PositiveInfinity, false, false, false) },
    };

    [Theory]
    [MemberData(nameof(InvalidScalars))]
    public void Scalars_InvalidArgument_ThrowsOutOfRangeNamingIt_AndNothingIsWritten(string argument, Func<RmsPropKernel.Scalars<double>> create)
    {
        double[] p = [1, 2], v = [3, 4], b = [5, 6], mean = [7, 8];
        var act = () => RmsPropKernel.Update<double>(p, [1.0, 1.0], v, b, mean, create());
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(argument);
        p.Should().Equal(1, 2);
        v.Should().Equal(3, 4);
        b.Should().Equal(5, 6);
        mean.Should().Equal(7, 8);
    }

    [Fact]
    public void Scalars_OutOfRangeMessage_MatchesTheOptions()
    {
        var act = () => new RmsPropKernel.Scalars<double>(1e-2, 0.99, 1e-8, 0, -3, false, false, false);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("momentum must be a finite number >= 0; got -3.*");
    }

    [Fact]
    public void Update_WithValidScalars_AllocatesNothing()
    {
        var p = new float[100];
        var g = Enumerable.Repeat(0.5f, 100).ToArray();
        float[] v = new float[100], b = new float[100], mean = new float[100];
        var scalars = ScalarsOf<float>(new RmsPropOptions { Momentum = 0.9, Centered = true, WeightDecay = 0.1 });
        RmsPropKernel.Update<float>(p, g, v, b, mean, scalars);

        Allocations.Fewest(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                RmsPropKernel.Update<float>(p, g, v, b, mean, scalars);
            }
        }).Should().Be(0);
    }

    private static RmsPropKernel.Scalars<T> ScalarsOf<T>(RmsPropOptions options)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        new(options.LearningRate, options.Alpha, options.Epsilon, options.WeightDecay, options.Momentum, options.Centered, options.Maximize, options.EpsilonInsideRoot);
}
