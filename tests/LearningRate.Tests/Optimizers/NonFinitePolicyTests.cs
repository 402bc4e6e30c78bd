using CsCheck;
using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Optimizers;

/// <summary>The non-finite gradient policy and the step report, for every case in float and double.</summary>
public class NonFinitePolicyTests
{
    public static TheoryData<string> Cases() => OptimizerCases.Names();

    [Fact]
    public void Default_IsSkip_WithTenConsecutiveSkips()
    {
        IOptimizer adam = new Adam<float>();
        adam.NonFiniteGradients.Should().Be(NonFinitePolicy.Skip);
        adam.MaxConsecutiveSkips.Should().Be(10);
        adam.ConsecutiveSkips.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Skip_LeavesEverythingUntouched_AndReportsTheParameter(string name)
    {
        Check<float>(OptimizerCases.All[name]);
        Check<double>(OptimizerCases.All[name]);

        static void Check<T>(OptimizerCase @case)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var random = new Random(1);
            var value = TestData.Uniform<T>(random, 19, -1, 1);
            var gradient = TestData.Uniform<T>(random, 19, -1, 1);
            var optimizer = @case.Create<T>(value, gradient);
            optimizer.Step();
            foreach (var bad in new[] { T.NaN, T.PositiveInfinity, T.NegativeInfinity })
            {
                var before = OptimizerSnapshot.Of<T>(optimizer);
                var skipsBefore = optimizer.ConsecutiveSkips;
                gradient[7] = bad;
                var report = optimizer.Step();
                report.Status.Should().Be(StepStatus.SkippedNonFinite);
                report.Applied.Should().BeFalse();
                report.NonFiniteParameter.Should().Be("p");
                report.LearningRate.Should().Be(optimizer.Groups[0].LearningRate);
                OptimizerSnapshot.Of<T>(optimizer).Should().Be(before with { ConsecutiveSkips = skipsBefore + 1 });
            }

            gradient[7] = T.One;
            optimizer.Step().Status.Should().Be(StepStatus.Applied);
            optimizer.ConsecutiveSkips.Should().Be(0);
            optimizer.StepCount.Should().Be(2);
        }
    }

    [Fact]
    public void Skip_BeyondTheLimit_Throws_AndChangesNothing()
    {
        double[] value = [1, 2], gradient = [double.NaN, 0];
        var adam = new Adam<double> { MaxConsecutiveSkips = 2 };
        adam.Add("first", new double[1], new double[] { 1 });
        adam.Add("second", value, gradient);
        adam.Step().Status.Should().Be(StepStatus.SkippedNonFinite);
        adam.Step().NonFiniteParameter.Should().Be("second");
        var before = OptimizerSnapshot.Of<double>(adam);
        var act = () => adam.Step();
        act.Should().Throw<NonFiniteGradientException>().Which.ParameterName.Should().Be("second");
        OptimizerSnapshot.Of<double>(adam).Should().Be(before);
        adam.ConsecutiveSkips.Should().Be(2);
    }

    [Fact]
    public void Snapshot_RestoresTheConsecutiveSkips()
    {
        double[] value = [1, 2], gradient = [double.NaN, 0];
        var adam = new Adam<double> { MaxConsecutiveSkips = 3 };
        adam.Add("p", value, gradient);
        adam.Step();
        var snapshot = adam.CaptureSnapshot();
        adam.Step();
        adam.Step();
        adam.ConsecutiveSkips.Should().Be(3);

        snapshot.Restore();

        adam.ConsecutiveSkips.Should().Be(1, "a restored optimizer is as it was, so the skip limit throws when it would have");
        adam.Step();
        adam.Step();
        var third = () => adam.Step();
        third.Should().Throw<NonFiniteGradientException>();
    }

    [Fact]
    public void Throw_Throws_AndChangesNothing()
    {
        float[] gradient = [1, float.PositiveInfinity];
        var adam = new Adam<float> { NonFiniteGradients = NonFinitePolicy.Throw };
        adam.Add("w", new float[] { 3, 4 }, gradient);
        var before = OptimizerSnapshot.Of<float>(adam);
        var act = () => adam.Step();
        act.Should().Throw<NonFiniteGradientException>().Which.ParameterName.Should().Be("w");
        OptimizerSnapshot.Of<float>(adam).Should().Be(before);
    }

    [Fact]
    public void Propagate_LetsNaNIn_AsPyTorch_AndReportsNoNorm()
    {
        double[] value = [1, 2], gradient = [double.NaN, 1];
        var adam = new Adam<double> { NonFiniteGradients = NonFinitePolicy.Propagate };
        adam.Add("w", value, gradient);
        var report = adam.Step();
        report.Status.Should().Be(StepStatus.Applied);
        double.IsNaN(report.GradientNorm).Should().BeTrue();
        double.IsNaN(value[0]).Should().BeTrue();
        value[1].Should().BeLessThan(2);
        adam.StepCount.Should().Be(1);
    }

    /// <summary>
    /// Under Propagate a NaN or infinite gradient goes through the update as it does in PyTorch: every element
    /// follows the case's double reference, NaN where the reference is NaN (for as long as the state carries it),
    /// the same infinity where it is infinite, and within the parity tolerance elsewhere. Fails for a kernel whose
    /// max, min, sign or select treats NaN otherwise than PyTorch's (e.g. a hardware max that drops it).
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Propagate_NonFiniteGradients_FollowTheReference(string name)
    {
        Check<double>(OptimizerCases.All[name], 1e-12);
        Check<float>(OptimizerCases.All[name], 1e-5);

        static void Check<T>(OptimizerCase @case, double tolerance)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            // 37 elements: the widest vectors and the scalar tail both meet a non-finite gradient.
            const int Length = 37;
            var random = new Random(5);
            var value = TestData.Uniform<T>(random, Length, -2, 2);
            var gradient = new T[Length];
            var expected = TestData.ToDouble<T>(value);
            var optimizer = @case.Create<T>(value, gradient);
            optimizer.NonFiniteGradients = NonFinitePolicy.Propagate;
            var reference = @case.CreateReference<T>(Length);
            for (var step = 0; step < 6; step++)
            {
                TestData.Uniform<T>(random, Length, -1, 1).CopyTo(gradient, 0);
                switch (step)
                {
                    case 1:
                        gradient[3] = T.NaN;
                        gradient[36] = T.NaN;
                        break;
                    case 2:
                        gradient[20] = T.PositiveInfinity;
                        gradient[9] = T.NegativeInfinity;
                        break;
                    case 3:
                        gradient[3] = T.NaN;
                        break;
                }

                optimizer.Step().Status.Should().Be(StepStatus.Applied);
                reference.Step(expected, TestData.ToDouble<T>(gradient));
                for (var i = 0; i < Length; i++)
                {
                    var actual = double.CreateTruncating(value[i]);
                    var what = $"{@case.Name} {typeof(T).Name}: element {i} after step {step + 1} (reference {expected[i]})";
                    if (double.IsFinite(expected[i]))
                    {
                        Math.Abs(actual - expected[i]).Should().BeLessThanOrEqualTo(tolerance * (1 + Math.Abs(expected[i])), what);
                    }
                    else if (double.IsNaN(expected[i]))
                    {
                        double.IsNaN(actual).Should().BeTrue(what);
                    }
                    else
                    {
                        actual.Should().Be(expected[i], what);
                    }
                }
            }
        }
    }

    [Fact]
    public void Report_GivesTheGlobalL2Norm_AndTheLearningRate()
    {
        var adam = new Adam<double>(new AdamOptions { LearningRate = 0.25 });
        adam.Add("a", new double[2], new double[] { 3, 0 });
        adam.AddGroup(new AdamOptions()).Add("b", new double[1], new double[] { 4 });
        var report = adam.Step();
        report.Should().Be(new StepReport(StepStatus.Applied, 0.25, 5, null));
    }

    [Fact]
    public void HugeFiniteFloatGradients_AreApplied_WithTheirExactNorm()
    {
        // Σg² = 1.8e39 overflows float but not the double it is accumulated in; float squares are exact in double.
        float[] gradient = [3e19f, -3e19f];
        var adam = new Adam<float> { NonFiniteGradients = NonFinitePolicy.Throw };
        adam.Add("w", new float[2], gradient);
        var report = adam.Step();
        report.Status.Should().Be(StepStatus.Applied);
        report.GradientNorm.Should().Be(Math.Sqrt(2 * ((double)3e19f * 3e19f)));
    }

    [Fact]
    public void HugeFiniteDoubleGradients_AreApplied_ThoughTheirNormOverflows()
    {
        double[] gradient = [1e200, -1e200];
        var adam = new Adam<double> { NonFiniteGradients = NonFinitePolicy.Throw };
        adam.Add("w", new double[2], gradient);
        var report = adam.Step();
        report.Status.Should().Be(StepStatus.Applied);
        report.GradientNorm.Should().Be(double.PositiveInfinity);
    }

    /// <summary>
    /// The norm is √ of the fixed-order Σg² (<see cref="SquareSumReference"/>), parameters group by group in registration
    /// order, with a gradient longer than one chunk: the same bits on every SIMD path.
    /// </summary>
    [Fact]
    public void Report_GradientNorm_IsTheFixedOrderSum_OverEveryGroupAndParameter()
    {
        Check<float>();
        Check<double>();

        static void Check<T>()
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var random = new Random(21);
            var a = TestData.Uniform<T>(random, 70_001, -3, 3);
            var b = TestData.Uniform<T>(random, 37, -1e3, 1e3);
            var c = TestData.Uniform<T>(random, 5, -1e-3, 1e-3);
            var adam = new Adam<T>(new AdamOptions { LearningRate = 1e-6 });
            adam.Add("a", new T[a.Length], a);
            var second = adam.AddGroup(new AdamOptions());
            second.Add("c", new T[c.Length], c);
            adam.Add("b", new T[b.Length], b);
            var expected = Math.Sqrt(SquareSumReference.Of<T>(c, SquareSumReference.Of<T>(b, SquareSumReference.Of<T>(a))));
            var report = adam.Step();
            BitConverter.DoubleToInt64Bits(report.GradientNorm).Should().Be(BitConverter.DoubleToInt64Bits(expected), $"{typeof(T).Name}: {report.GradientNorm:R} against {expected:R}");
        }
    }

    [Fact]
    public void InvalidSettings_Throw_NamingThem()
    {
        var adam = new Adam<float>();
        var policy = () => adam.NonFiniteGradients = (NonFinitePolicy)9;
        var limit = () => adam.MaxConsecutiveSkips = -1;
        policy.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("NonFiniteGradients");
        limit.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("MaxConsecutiveSkips");
        adam.NonFiniteGradients.Should().Be(NonFinitePolicy.Skip);
        adam.MaxConsecutiveSkips.Should().Be(10);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Skip_BothPaths_AllocateNothing(string name)
    {
        var gradient = new float[40];
        var optimizer = OptimizerCases.All[name].Create<float>(new float[40], gradient);
        optimizer.MaxConsecutiveSkips = int.MaxValue;
        optimizer.Step();
        gradient[3] = float.NaN;
        optimizer.Step();
        Allocations.Fewest(() =>
        {
            for (var i = 0; i < 4; i++)
            {
                gradient[3] = i % 2 == 0 ? float.NaN : 1;
                optimizer.Step();
            }
        }).Should().Be(0);
    }

    /// <summary>
    /// Random cases, lengths and gradient streams with NaN, ±∞ and subnormals. Under Skip the optimizer must
    /// end bit-identical to a twin (policy Propagate) that saw only the finite steps; under Throw the same,
    /// with a NonFiniteGradientException for every non-finite step; no other exception ever.
    /// </summary>
    [Fact]
    public void Property_SkipAndThrow_EqualATwinThatSawOnlyFiniteSteps()
    {
        var names = OptimizerCases.All.Keys.Order(StringComparer.Ordinal).ToArray();
        Gen.Select(Gen.Int[0, names.Length - 1], Gen.Int[0, 70], Gen.Int[1, 12], Gen.Int[0, int.MaxValue], Gen.Bool, Gen.Bool)
            .Sample(
                (caseIndex, length, steps, seed, useDouble, throwPolicy) =>
                {
                    var @case = OptimizerCases.All[names[caseIndex]];
                    if (useDouble)
                    {
                        Run<double>(@case, length, steps, seed, throwPolicy);
                    }
                    else
                    {
                        Run<float>(@case, length, steps, seed, throwPolicy);
                    }
                },
                iter: 150);

        static void Run<T>(OptimizerCase @case, int length, int steps, int seed, bool throwPolicy)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var random = new Random(seed);
            var start = TestData.Uniform<T>(random, length, -1, 1);
            T[] value = start.ToArray(), gradient = new T[length];
            T[] twinValue = start.ToArray(), twinGradient = new T[length];
            var optimizer = @case.Create<T>(value, gradient);
            optimizer.NonFiniteGradients = throwPolicy ? NonFinitePolicy.Throw : NonFinitePolicy.Skip;
            optimizer.MaxConsecutiveSkips = 3;
            var twin = @case.Create<T>(twinValue, twinGradient);
            twin.NonFiniteGradients = NonFinitePolicy.Propagate;
            var skipsInARow = 0;
            for (var step = 0; step < steps; step++)
            {
                var finite = true;
                for (var i = 0; i < length; i++)
                {
                    var pick = random.Next(20);
                    gradient[i] = pick switch
                    {
                        0 => T.NaN,
                        1 => T.PositiveInfinity,
                        2 => T.NegativeInfinity,
                        3 => T.Epsilon * T.CreateTruncating(random.Next(1, 100)),
                        _ => T.CreateTruncating(random.NextDouble() - 0.5),
                    };
                    finite &= pick > 2;
                }

                // Mostly finite steps: at most one element in six steps is non-finite on average.
                if (!finite && random.Next(3) > 0)
                {
                    for (var i = 0; i < length; i++)
                    {
                        gradient[i] = T.IsFinite(gradient[i]) ? gradient[i] : T.Zero;
                    }

                    finite = true;
                }

                var before = OptimizerSnapshot.Of<T>(optimizer);
                if (finite)
                {
                    optimizer.Step().Status.Should().Be(StepStatus.Applied);
                    gradient.CopyTo(twinGradient, 0);
                    twin.Step();
                    skipsInARow = 0;
                }
                else if (throwPolicy || skipsInARow == 3)
                {
                    var act = () => optimizer.Step();
                    act.Should().Throw<NonFiniteGradientException>();
                    OptimizerSnapshot.Of<T>(optimizer).Should().Be(before);
                }
                else
                {
                    optimizer.Step().Status.Should().Be(StepStatus.SkippedNonFinite);
                    skipsInARow++;
                }

                optimizer.ConsecutiveSkips.Should().Be(skipsInARow);
                // The twin's arrays lie elsewhere in memory: a NaN made from NaNs may differ in sign (LAMB with ε = 0).
                OptimizerSnapshot.Of<T>(optimizer, anyNaN: true).Should().Be(OptimizerSnapshot.Of<T>(twin, anyNaN: true) with { ConsecutiveSkips = skipsInARow });
            }
        }
    }
}
