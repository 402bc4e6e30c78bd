using System.Runtime.CompilerServices;
using LearningRate.Kernels;
using LearningRate.Kernels.Simd;
using LearningRate.Tests.Infrastructure;
using Xunit.Abstractions;

namespace LearningRate.Tests.Kernels;

/// <summary>
/// The 16-bit chunk driver with hand-written float updates (plain SGD, SGD with a float momentum buffer): bit for bit the
/// scalar loop that widens, updates in float and rounds each element (to nearest, with a Kahan residual, or
/// stochastically), at every length around the chunk size; allocation-free; and on a small regression the difference the
/// rounding makes when every update is below half a unit in the last place.
/// </summary>
public class ReducedPrecisionDriverTests(ITestOutputHelper output)
{
    private const float LearningRate = 0.01f;
    private static readonly int[] s_lengths = [0, 1, 15, 16, 17, 1023, 1024, 1025, 2500];

    [Theory]
    [InlineData(ReducedPrecisionRounding.Nearest)]
    [InlineData(ReducedPrecisionRounding.Kahan)]
    [InlineData(ReducedPrecisionRounding.Stochastic)]
    public void Sgd_MatchesTheScalarLoop_Half(ReducedPrecisionRounding rounding) => AssertMatchesScalarLoop<Half>(rounding);

    [Theory]
    [InlineData(ReducedPrecisionRounding.Nearest)]
    [InlineData(ReducedPrecisionRounding.Kahan)]
    [InlineData(ReducedPrecisionRounding.Stochastic)]
    public void Sgd_MatchesTheScalarLoop_BFloat16(ReducedPrecisionRounding rounding) => AssertMatchesScalarLoop<BFloat16>(rounding);

    [Fact]
    public void FloatGradients_AreReadInPlace_WithTheSameResult()
    {
        var random = new Random(3);
        var parameters = RandomValues<BFloat16>(random, 3000);
        var gradients = Enumerable.Range(0, 3000).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var expected = parameters.Select((p, i) => Narrow<BFloat16>(Widen(p) - (LearningRate * gradients[i]))).ToArray();
        var sgd = new Sgd(LearningRate);
        ReducedPrecisionDriver.Run(ref sgd, parameters.AsSpan(), gradients.AsSpan(), Span<BFloat16>.Empty, ReducedPrecisionRounding.Nearest, 0);
        parameters.Select(p => p.ToBits()).Should().Equal(expected.Select(p => p.ToBits()));
    }

    [Fact]
    public void Momentum_SlicesItsFloatStateAtEachChunksOffset()
    {
        var random = new Random(4);
        var parameters = RandomValues<Half>(random, 2500);
        var gradients = RandomValues<Half>(random, 2500);
        var momentum = Enumerable.Range(0, 2500).Select(i => i * 1e-4f).ToArray();
        var expectedMomentum = momentum.Select((m, i) => (0.9f * m) + Widen(gradients[i])).ToArray();
        var expected = parameters.Select((p, i) => Narrow<Half>(Widen(p) - (LearningRate * expectedMomentum[i]))).ToArray();

        var update = new MomentumSgd(LearningRate, momentum);
        ReducedPrecisionDriver.Run(ref update, parameters.AsSpan(), (ReadOnlySpan<Half>)gradients, Span<Half>.Empty, ReducedPrecisionRounding.Nearest, 0);

        momentum.Should().Equal(expectedMomentum);
        parameters.Select(BitConverter.HalfToUInt16Bits).Should().Equal(expected.Select(BitConverter.HalfToUInt16Bits));
    }

    [Fact]
    public void SplitTensor_WithFirstElement_RoundsAsTheWhole()
    {
        var random = new Random(5);
        var whole = RandomValues<BFloat16>(random, 3000);
        var gradients = RandomValues<BFloat16>(random, 3000);
        var split = whole.ToArray();
        var key = StochasticBits.Key(3, 9);
        var sgd = new Sgd(LearningRate);
        ReducedPrecisionDriver.Run(ref sgd, whole.AsSpan(), (ReadOnlySpan<BFloat16>)gradients, Span<BFloat16>.Empty, ReducedPrecisionRounding.Stochastic, key);
        ReducedPrecisionDriver.Run(ref sgd, split.AsSpan(0, 1700), gradients.AsSpan(0, 1700), Span<BFloat16>.Empty, ReducedPrecisionRounding.Stochastic, key);
        ReducedPrecisionDriver.Run(ref sgd, split.AsSpan(1700), gradients.AsSpan(1700), Span<BFloat16>.Empty, ReducedPrecisionRounding.Stochastic, key, firstElement: 1700);
        Bits(split).Should().Equal(Bits(whole));
    }

    [Fact]
    public void Run_AllocatesNothing()
    {
        var parameters = new BFloat16[5000];
        var gradients = new BFloat16[5000];
        var compensation = new BFloat16[5000];
        var sgd = new Sgd(LearningRate);
        foreach (var rounding in Enum.GetValues<ReducedPrecisionRounding>())
        {
            ReducedPrecisionDriver.Run(ref sgd, parameters.AsSpan(), (ReadOnlySpan<BFloat16>)gradients, compensation.AsSpan(), rounding, 1);
            Allocations.Fewest(() => ReducedPrecisionDriver.Run(ref sgd, parameters.AsSpan(), (ReadOnlySpan<BFloat16>)gradients, compensation.AsSpan(), rounding, 1))
                .Should().Be(0, rounding.ToString());
        }
    }

    /// <summary>
    /// Gradient descent on ½Σ(θᵢ − tᵢ)² over 1024 parameters, from θ = 1 toward targets t spread over [1.05, 1.2]: with
    /// learning rate 0.01, each bfloat16 update 0.01·(t − θ) ≤ 0.002 is below half a unit in the last place at 1
    /// (2⁻⁸ ≈ 0.0039); with Half (half a unit is 2⁻¹¹ ≈ 0.00049), learning rate 0.002 gives updates ≤ 0.0004. Rounding
    /// to nearest never moves θ; the Kahan residual and stochastic rounding reach the targets to the format's resolution.
    /// </summary>
    [Fact]
    public void SmallUpdates_AreLostByRoundingToNearest_AndKeptByKahanAndStochasticRounding()
    {
        var errors = new Dictionary<(string, ReducedPrecisionRounding), double>();
        foreach (var rounding in Enum.GetValues<ReducedPrecisionRounding>())
        {
            errors[("bfloat16", rounding)] = Descend<BFloat16>(rounding, learningRate: 0.01f, steps: 2000);
            errors[("Half", rounding)] = Descend<Half>(rounding, learningRate: 0.002f, steps: 15_000);
            output.WriteLine($"bfloat16 {rounding}: mean |θ − t| = {errors[("bfloat16", rounding)]:G3}; Half {rounding}: {errors[("Half", rounding)]:G3}");
        }

        // Nothing moves: the error stays the initial mean distance, 0.125.
        errors[("bfloat16", ReducedPrecisionRounding.Nearest)].Should().BeGreaterThan(0.12);
        errors[("Half", ReducedPrecisionRounding.Nearest)].Should().BeGreaterThan(0.12);

        // Within a unit in the last place: Kahan within half of one (the nearest stored value), stochastic within one.
        errors[("bfloat16", ReducedPrecisionRounding.Kahan)].Should().BeLessThan(Math.ScaleB(1, -8));
        errors[("bfloat16", ReducedPrecisionRounding.Stochastic)].Should().BeLessThan(Math.ScaleB(1, -7));
        errors[("Half", ReducedPrecisionRounding.Kahan)].Should().BeLessThan(Math.ScaleB(1, -11));
        errors[("Half", ReducedPrecisionRounding.Stochastic)].Should().BeLessThan(Math.ScaleB(1, -10));
    }

    private static double Descend<T>(ReducedPrecisionRounding rounding, float learningRate, int steps)
        where T : unmanaged
    {
        const int Count = 1024;
        var targets = Enumerable.Range(0, Count).Select(i => 1.05f + (0.15f * i / Count)).ToArray();
        var parameters = Enumerable.Repeat(Narrow<T>(1f), Count).ToArray();
        var compensation = new T[Count];
        var gradients = new float[Count];
        var sgd = new Sgd(learningRate);
        for (var step = 0; step < steps; step++)
        {
            for (var i = 0; i < Count; i++)
            {
                gradients[i] = Widen(parameters[i]) - targets[i];
            }

            ReducedPrecisionDriver.Run(ref sgd, parameters.AsSpan(), gradients.AsSpan(), compensation.AsSpan(), rounding, StochasticBits.Key(7, step));
        }

        return parameters.Select((p, i) => Math.Abs(Widen(p) - targets[i])).Average();
    }

    private static void AssertMatchesScalarLoop<T>(ReducedPrecisionRounding rounding)
        where T : unmanaged
    {
        var random = new Random(2);
        foreach (var length in s_lengths)
        {
            var parameters = RandomValues<T>(random, length);
            var gradients = RandomValues<T>(random, length);
            var compensation = RandomValues<T>(random, length).Select(c => Narrow<T>(Widen(c) * 1e-3f)).ToArray();
            var key = StochasticBits.Key(11, length);

            // The scalar loop: widen, update in float, round each element.
            var updated = parameters.Select((p, i) => (rounding == ReducedPrecisionRounding.Kahan ? Widen(p) + Widen(compensation[i]) : Widen(p)) - (LearningRate * Widen(gradients[i]))).ToArray();
            var expected = updated.Select(Narrow<T>).ToArray();
            var expectedCompensation = compensation.ToArray();
            if (rounding == ReducedPrecisionRounding.Kahan)
            {
                expectedCompensation = updated.Select((x, i) => float.IsFinite(Widen(expected[i])) ? Narrow<T>(x - Widen(expected[i])) : default).ToArray();
            }
            else if (rounding == ReducedPrecisionRounding.Stochastic)
            {
                ReducedPrecision.NarrowStochastic<T>(updated, expected, key, 0);
            }

            var sgd = new Sgd(LearningRate);
            ReducedPrecisionDriver.Run(ref sgd, parameters.AsSpan(), (ReadOnlySpan<T>)gradients, compensation.AsSpan(), rounding, key);
            Bits(parameters).Should().Equal(Bits(expected), $"{length} elements");
            Bits(compensation).Should().Equal(Bits(expectedCompensation), $"{length} residuals");
        }
    }

    private static T[] RandomValues<T>(Random random, int count)
        where T : unmanaged => [.. Enumerable.Range(0, count).Select(_ => Narrow<T>((float)((random.NextDouble() * 4) - 2)))];

    private static float Widen<T>(T value)
        where T : unmanaged => typeof(T) == typeof(Half) ? (float)Unsafe.As<T, Half>(ref value) : (float)Unsafe.As<T, BFloat16>(ref value);

    private static T Narrow<T>(float value)
        where T : unmanaged
    {
        if (typeof(T) == typeof(Half))
        {
            var half = (Half)value;
            return Unsafe.As<Half, T>(ref half);
        }

        var bfloat = (BFloat16)value;
        return Unsafe.As<BFloat16, T>(ref bfloat);
    }

    private static ushort[] Bits<T>(T[] values)
        where T : unmanaged => [.. values.Select(v => Unsafe.As<T, ushort>(ref v))];

    /// <summary>θ ← θ − γ·g in float, element by element.</summary>
    private readonly struct Sgd(float learningRate) : IChunkUpdate
    {
        public void Update(scoped Span<float> parameters, scoped ReadOnlySpan<float> gradients, int offset)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i] -= learningRate * gradients[i];
            }
        }
    }

    /// <summary>m ← 0.9·m + g, θ ← θ − γ·m, with m a float buffer over the whole tensor, sliced at the chunk's offset.</summary>
    private readonly ref struct MomentumSgd(float learningRate, Span<float> momentum) : IChunkUpdate
    {
        private readonly Span<float> _momentum = momentum;

        public void Update(scoped Span<float> parameters, scoped ReadOnlySpan<float> gradients, int offset)
        {
            var m = _momentum.Slice(offset, parameters.Length);
            for (var i = 0; i < parameters.Length; i++)
            {
                m[i] = (0.9f * m[i]) + gradients[i];
                parameters[i] -= learningRate * m[i];
            }
        }
    }
}
