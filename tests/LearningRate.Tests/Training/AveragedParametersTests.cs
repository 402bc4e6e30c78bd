using LearningRate.Controllers;
using LearningRate.Optimizers;
using LearningRate.Schedules;
using LearningRate.Tests.Infrastructure;
using LearningRate.Training;

namespace LearningRate.Tests.Training;

/// <summary>
/// SWA and EMA averages of an optimizer's parameters against plain loops written from the formulas (the mean of the
/// averaged parameter sets; <c>decay·a + (1 − decay)·p</c>), when they are taken (start, period, skipped steps),
/// several groups with schedules and controllers, swapping and copying, allocation, and every bad input.
/// </summary>
public class AveragedParametersTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 1)]
    [InlineData(2, 3)]
    public void Swa_IsTheMeanOfTheAveragedUpdates(long start, long period)
    {
        Check<double>(1e-14);
        Check<float>(1e-6);

        void Check<T>(double tolerance)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var (sgd, x, g) = Sgd<T>(length: 37);
            var averaged = new AveragedParameters<T>(sgd, start: start, period: period);
            var sum = new double[x.Length];
            var taken = 0;
            var random = new Random(3);
            for (var t = 0; t < 20; t++)
            {
                Fill(g, random);
                sgd.Step();
                var due = t >= start && (t - start) % period == 0;
                averaged.Update().Should().Be(due, $"update {t}");
                averaged.Update().Should().BeFalse("an update is averaged at most once");
                if (due)
                {
                    taken++;
                    for (var i = 0; i < x.Length; i++)
                    {
                        sum[i] += double.CreateTruncating(x[i]);
                    }
                }

                averaged.Count.Should().Be(taken);
            }

            var average = averaged.GetAverage("x");
            for (var i = 0; i < x.Length; i++)
            {
                double.CreateTruncating(average[i]).Should().BeApproximately(sum[i] / taken, tolerance * Math.Max(1, Math.Abs(sum[i] / taken)));
            }
        }
    }

    [Theory]
    [InlineData(0.999)]
    [InlineData(0.9)]
    [InlineData(0.25)]
    public void Ema_FollowsDecayTimesAveragePlusTheRest(double decay)
    {
        Check<double>(1e-13);
        Check<float>(2e-6);

        void Check<T>(double tolerance)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var (sgd, x, g) = Sgd<T>(length: 19);
            var averaged = new AveragedParameters<T>(sgd, decay, start: 1);
            double[]? expected = null;
            var random = new Random(5);
            for (var t = 0; t < 30; t++)
            {
                Fill(g, random);
                sgd.Step();
                averaged.Update().Should().Be(t >= 1);
                if (t >= 1)
                {
                    var p = TestData.ToDouble<T>(x);
                    expected = expected is null ? p : [.. expected.Select((a, i) => (decay * a) + ((1 - decay) * p[i]))];
                }
            }

            var average = averaged.GetAverage("x");
            for (var i = 0; i < x.Length; i++)
            {
                double.CreateTruncating(average[i]).Should().BeApproximately(expected![i], tolerance);
            }
        }
    }

    [Fact]
    public void Ema_DecayOne_KeepsTheFirstParameters_DecayZero_FollowsTheLatest()
    {
        var (sgd, x, g) = Sgd<double>(length: 5);
        var frozen = new AveragedParameters<double>(sgd, decay: 1);
        var latest = new AveragedParameters<double>(sgd, decay: 0);
        var random = new Random(9);
        double[]? first = null;
        for (var t = 0; t < 6; t++)
        {
            Fill(g, random);
            sgd.Step();
            frozen.Update();
            latest.Update();
            first ??= [.. x];
        }

        frozen.GetAverage("x").ToArray().Should().Equal(first);
        latest.GetAverage("x").ToArray().Should().Equal(x);
    }

    [Fact]
    public void ASkippedStep_IsNotAveragedTwice()
    {
        var (sgd, x, g) = Sgd<double>(length: 3);
        var averaged = new AveragedParameters<double>(sgd);
        g[0] = 1;
        sgd.Step();
        averaged.Update().Should().BeTrue();
        g[0] = double.NaN;
        sgd.Step().Status.Should().Be(StepStatus.SkippedNonFinite);
        averaged.Update().Should().BeFalse("the skipped step completed no update");
        averaged.Count.Should().Be(1);
    }

    [Fact]
    public void AverageNow_AveragesWheneverCalled()
    {
        var (sgd, x, _) = Sgd<double>(length: 2);
        x[0] = 4;
        var averaged = new AveragedParameters<double>(sgd, start: 100);
        averaged.AverageNow();
        x[0] = 8;
        averaged.AverageNow();
        averaged.Count.Should().Be(2);
        averaged.GetAverage("x")[0].Should().Be(6);
    }

    [Fact]
    public void EveryParameterOfEveryGroup_IsAveraged_WithSchedulesAndControllers()
    {
        var random = new Random(11);
        var sgd = new Sgd<double>(new SgdOptions { LearningRate = 0.1, Momentum = 0.9 });
        var (a, ga) = (TestData.Uniform<double>(random, 17, -1, 1), new double[17]);
        var (b, gb) = (TestData.Uniform<double>(random, 5, -1, 1), new double[5]);
        var (c, gc) = (TestData.Uniform<double>(random, 64, -1, 1), new double[64]);
        sgd.Add("a", a, ga);
        var second = sgd.AddGroup(new SgdOptions { LearningRate = 0.01 });
        second.Add("b", b, gb);
        second.Add("c", c, gc);
        sgd.Groups[0].Schedule = Schedule.Cosine(0.1, 10).ThenSwaAnneal(5, 0.02, 3);
        second.AddController(new ReduceOnPlateau(new ReduceOnPlateauOptions { Patience = 1 }));
        var averaged = new AveragedParameters<double>(sgd, start: 4);
        var sums = new[] { new double[17], new double[5], new double[64] };
        for (var t = 0; t < 12; t++)
        {
            Fill(ga, random);
            Fill(gb, random);
            Fill(gc, random);
            sgd.Step();
            ((ReduceOnPlateau)second.Controllers[0]).Report(1);
            if (averaged.Update())
            {
                foreach (var (sum, values) in sums.Zip([a, b, c]))
                {
                    for (var i = 0; i < sum.Length; i++)
                    {
                        sum[i] += values[i];
                    }
                }
            }
        }

        averaged.Count.Should().Be(8);
        foreach (var (name, sum) in new[] { "a", "b", "c" }.Zip(sums))
        {
            averaged.GetAverage(name).ToArray().Should().Equal(sum.Select(s => s / 8), (x, y) => Math.Abs(x - y) < 1e-14, name);
        }
    }

    [Fact]
    public void Swap_PutsTheAveragesIntoTheParameters_AndBack()
    {
        var (sgd, x, g) = Sgd<float>(length: 41);
        var averaged = new AveragedParameters<float>(sgd, decay: 0.9);
        var random = new Random(2);
        for (var t = 0; t < 5; t++)
        {
            Fill(g, random);
            sgd.Step();
            averaged.Update();
        }

        var parameters = x.ToArray();
        var averages = averaged.GetAverage("x").ToArray();
        var state = OptimizerSnapshot.Of<float>(sgd);
        averaged.Swap();
        averaged.IsSwapped.Should().BeTrue();
        x.Should().Equal(averages);
        averaged.GetAverage("x").ToArray().Should().Equal(averages, "the averages are where they are, in the parameters");
        var update = () => averaged.Update();
        update.Should().Throw<InvalidOperationException>().WithMessage("*swapped*");
        var now = () => averaged.AverageNow();
        now.Should().Throw<InvalidOperationException>();
        var copy = () => averaged.CopyToParameters();
        copy.Should().Throw<InvalidOperationException>();
        averaged.Swap();
        averaged.IsSwapped.Should().BeFalse();
        TestData.ShouldHaveSameBits<float>(x, parameters, "swapped back");
        TestData.ShouldHaveSameBits<float>(averaged.GetAverage("x"), averages, "swapped back");
        OptimizerSnapshot.Of<float>(sgd).Should().Be(state, "two swaps leave the optimizer bit for bit as it was");

        averaged.CopyToParameters();
        x.Should().Equal(averages);
        averaged.GetAverage("x").ToArray().Should().Equal(averages);
    }

    [Fact]
    public void Update_AllocatesNothing()
    {
        Check<float>(null);
        Check<double>(0.99);
        Check<double>(null);

        static void Check<T>(double? decay)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var (sgd, _, _) = Sgd<T>(length: 1000);
            var averaged = new AveragedParameters<T>(sgd, decay);
            sgd.Step();
            averaged.Update();
            Allocations.Fewest(() =>
            {
                for (var t = 0; t < 50; t++)
                {
                    sgd.Step();
                    averaged.Update();
                    averaged.Update();
                    averaged.Swap();
                    averaged.Swap();
                }
            }).Should().Be(0, $"{typeof(T).Name} {(decay is null ? "SWA" : "EMA")}");
            averaged.Count.Should().BeGreaterThan(100);
        }
    }

    [Fact]
    public void BadArguments_ThrowNamingThem()
    {
        var (sgd, _, _) = Sgd<double>(length: 3);
        Throws<ArgumentNullException>(() => new AveragedParameters<double>(null!), "optimizer");
        Throws<ArgumentOutOfRangeException>(() => new AveragedParameters<double>(sgd, decay: -0.1), "decay");
        Throws<ArgumentOutOfRangeException>(() => new AveragedParameters<double>(sgd, decay: 1.01), "decay");
        Throws<ArgumentOutOfRangeException>(() => new AveragedParameters<double>(sgd, decay: double.NaN), "decay");
        Throws<ArgumentOutOfRangeException>(() => new AveragedParameters<double>(sgd, start: -1), "start");
        Throws<ArgumentOutOfRangeException>(() => new AveragedParameters<double>(sgd, period: 0), "period");
        Throws<ArgumentException>(() => new AveragedParameters<double>(new Sgd<double>()), "optimizer");
        var averaged = new AveragedParameters<double>(sgd);
        Throws<ArgumentNullException>(() => averaged.GetAverage(null!).Length, "name");
        Throws<ArgumentException>(() => averaged.GetAverage("y").Length, "name");

        static void Throws<TException>(Func<object> act, string parameter)
            where TException : ArgumentException =>
            act.Should().ThrowExactly<TException>().Which.ParamName.Should().Be(parameter);
    }

    [Fact]
    public void BeforeAnyAverage_ReadingSwappingAndCopying_Throw()
    {
        var (sgd, _, _) = Sgd<double>(length: 3);
        var averaged = new AveragedParameters<double>(sgd, start: 5);
        sgd.Step();
        averaged.Update().Should().BeFalse();
        var calls = new Action[] { () => averaged.GetAverage("x"), averaged.Swap, averaged.CopyToParameters };
        foreach (var call in calls)
        {
            call.Should().Throw<InvalidOperationException>().WithMessage("Nothing has been averaged yet.");
        }
    }

    [Fact]
    public void AParameterRegisteredLater_Throws_AndChangesNothing()
    {
        var (sgd, _, g) = Sgd<double>(length: 3);
        var averaged = new AveragedParameters<double>(sgd);
        g[0] = 1;
        sgd.Step();
        averaged.Update();
        var before = averaged.GetAverage("x").ToArray();
        sgd.Add("late", new double[2], new double[2]);
        sgd.Step();
        var update = () => averaged.Update();
        update.Should().Throw<InvalidOperationException>().WithMessage("*2 parameters*built for 1*");
        averaged.Count.Should().Be(1);
        averaged.GetAverage("x").ToArray().Should().Equal(before);
    }

    [Fact]
    public void HalfPrecision_IsNotSupported()
    {
        var act = () => new AveragedParameters<Half>(new HalfOptimizer());
        act.Should().Throw<NotSupportedException>();
    }

    private static (Sgd<T> Optimizer, T[] Values, T[] Gradients) Sgd<T>(int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = TestData.Uniform<T>(new Random(length), length, -1, 1);
        var g = new T[length];
        var sgd = new Sgd<T>(new SgdOptions { LearningRate = 0.05, Momentum = 0.9 });
        sgd.Add("x", x, g);
        return (sgd, x, g);
    }

    private static void Fill<T>(T[] gradient, Random random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < gradient.Length; i++)
        {
            gradient[i] = T.CreateTruncating(random.NextDouble() - 0.45);
        }
    }

    /// <summary>An <see cref="IOptimizer{T}"/> over Half, which the library's optimizers do not accept.</summary>
    private sealed class HalfOptimizer : IOptimizer<Half>
    {
        public IReadOnlyList<IParameter<Half>> Parameters => [];

        public long StepCount => 0;

        public IReadOnlyList<IParameterGroup> Groups => [];

        public NonFinitePolicy NonFiniteGradients { get; set; }

        public int MaxConsecutiveSkips { get; set; }

        public int ConsecutiveSkips => 0;

        public IOptimizerSnapshot CaptureSnapshot() => throw new NotSupportedException();

        public StepReport Step() => throw new NotSupportedException();

        public void ZeroGrad()
        {
        }
    }
}
