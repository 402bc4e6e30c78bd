using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Schedules;
using LearningRate.Tests.Catalogue;
using LearningRate.Tests.Infrastructure;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Optimizers;

/// <summary>
/// ASGD behaviour the generic tests do not see: the average ax (state only, never in θ), η created from the learning
/// rate of a parameter's first step, a schedule reaching the update one step late, and the functional η and μ.
/// </summary>
public class AsgdTests
{
    public static TheoryData<string> Cases() => [.. Descriptors.Named("Asgd").Cases.Select(c => c.Name)];

    /// <summary>The average after each of 12 steps equals the reference's <c>state["ax"]</c>, averaging or not.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void CopyAverageTo_GivesTheReferencesAverage_AfterEveryStep(string name)
    {
        Check<double>(1e-12);
        Check<float>(1e-5);

        void Check<T>(double tolerance)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            const int Length = 37;
            var optimizerCase = OptimizerCases.All[name];
            var random = new Random(5);
            var value = TestData.Uniform<T>(random, Length, -2, 2);
            var gradient = new T[Length];
            var expected = TestData.ToDouble<T>(value);
            var asgd = (Asgd<T>)optimizerCase.Create<T>(value, gradient);
            var reference = (AsgdReference)optimizerCase.CreateReference(Length);
            var average = new T[Length];
            for (var step = 1; step <= 12; step++)
            {
                TestData.Uniform<T>(random, Length, -1, 1).CopyTo(gradient, 0);
                asgd.Step();
                reference.Step(expected, TestData.ToDouble<T>(gradient));
                asgd.CopyAverageTo(asgd.Groups[0].Parameters[0], average);
                for (var i = 0; i < Length; i++)
                {
                    Math.Abs(double.CreateTruncating(average[i]) - reference.Ax[i]).Should().BeLessThanOrEqualTo(
                        tolerance * (1 + Math.Abs(reference.Ax[i])),
                        $"{name} {typeof(T).Name}: element {i} after step {step}");
                }
            }
        }
    }

    /// <summary>
    /// μ = 1/max(1, t − t0) is read one step late: with t0 = 2 the average is θ itself through step 3, then the plain
    /// mean of θ_4 … θ_t (a closed form over the optimizer's own iterates), and θ never receives it.
    /// </summary>
    [Fact]
    public void Average_IsTheIterateUntilStepT0Plus1_ThenTheMeanOfTheLaterIterates()
    {
        double[] value = [1.5, -0.5], gradient = new double[2];
        var asgd = new Asgd<double>(new AsgdOptions { LearningRate = 0.1, Lambd = 0.05, T0 = 2 });
        var parameter = asgd.Add("p", value, gradient);
        var iterates = new List<double[]>();
        var average = new double[2];
        for (var t = 1; t <= 10; t++)
        {
            gradient[0] = value[0] - 0.3;
            gradient[1] = Math.Sin(t) + value[1];
            asgd.Step();
            iterates.Add([.. value]);
            asgd.CopyAverageTo(parameter, average);
            var first = Math.Min(t, 4);
            for (var i = 0; i < 2; i++)
            {
                var mean = iterates.Skip(first - 1).Average(x => x[i]);
                average[i].Should().BeApproximately(mean, 1e-14, $"coordinate {i} after step {t}");
            }
        }

        average.Should().NotEqual(value, "the average is never written to θ");
    }

    [Fact]
    public void CopyAverageTo_IntoTheParameterItself_SwapsInTheAverage()
    {
        double[] value = [1, 2, 3], gradient = [0.5, -0.5, 1];
        var asgd = new Asgd<float>(new AsgdOptions { T0 = 0 });
        var single = value.Select(v => (float)v).ToArray();
        var parameter = asgd.Add("p", single, gradient.Select(v => (float)v).ToArray());
        asgd.Step();
        asgd.Step();
        asgd.Step();
        var average = new float[3];
        asgd.CopyAverageTo(parameter, average);
        average.Should().NotEqual(single, "from step 3 on, t0 = 0 averages");
        asgd.CopyAverageTo(parameter, parameter.Value.Span);
        single.Should().Equal(average);
    }

    [Fact]
    public void CopyAverageTo_RejectsNull_AForeignParameter_AndAWrongLength()
    {
        var asgd = new Asgd<double>();
        var parameter = asgd.Add("p", new double[3], new double[3]);
        var foreign = new Asgd<double>().Add("p", new double[3], new double[3]);

        var nullParameter = () => asgd.CopyAverageTo(null!, new double[3]);
        nullParameter.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("parameter");
        var other = () => asgd.CopyAverageTo(foreign, new double[3]);
        other.Should().Throw<ArgumentException>().Which.Message.Should().Be("Parameter 'p' is not registered in this optimizer. (Parameter 'parameter')");
        var shorter = () => asgd.CopyAverageTo(parameter, new double[2]);
        shorter.Should().Throw<ArgumentException>().Which.Message.Should().Be("destination has 2 elements; expected 3, the length of parameter 'p'. (Parameter 'destination')");
    }

    /// <summary>
    /// η is created from the learning rate of the parameter's first step and each step's learning rate enters the
    /// next η: under a schedule the optimizer follows the reference whose lr the loop sets before each step, as a
    /// PyTorch scheduler does. A parameter registered later starts its own η and t at the learning rate of its first step.
    /// </summary>
    [Fact]
    public void ScheduledLearningRate_ReachesTheUpdateThroughEta_AndALateParameterStartsItsOwn()
    {
        var settings = new AsgdSettings { LearningRate = 0.2, Lambd = 0.5, Alpha = 0.75, T0 = 3 };
        var schedule = Schedule.StepDecay(0.2, 2, 0.5);
        double[] early = [1, -1], late = [2], earlyGradient = new double[2], lateGradient = new double[1];
        var asgd = new Asgd<double>(new AsgdOptions { LearningRate = settings.LearningRate, Lambd = settings.Lambd, Alpha = settings.Alpha, T0 = settings.T0 });
        asgd.Add("early", early, earlyGradient);
        asgd.Groups[0].Schedule = schedule;
        double[] earlyExpected = [1, -1], lateExpected = [2];
        var earlyReference = new AsgdReference(settings, 2);
        var lateReference = new AsgdReference(settings, 1);
        for (var t = 0; t < 9; t++)
        {
            if (t == 4)
            {
                asgd.Add("late", late, lateGradient);
            }

            earlyGradient[0] = early[0] - 0.5;
            earlyGradient[1] = 2 * early[1];
            lateGradient[0] = late[0] + 1;
            var lr = schedule.At(t);
            earlyReference.LearningRate = lr;
            earlyReference.Step(earlyExpected, [.. earlyGradient]);
            if (t >= 4)
            {
                lateReference.LearningRate = lr;
                lateReference.Step(lateExpected, [.. lateGradient]);
            }

            asgd.Step();
            for (var i = 0; i < 2; i++)
            {
                early[i].Should().BeApproximately(earlyExpected[i], 1e-14, $"early coordinate {i} after step {t + 1}");
            }

            late[0].Should().BeApproximately(lateExpected[0], 1e-14, $"late parameter after step {t + 1}");
        }

        schedule.At(4).Should().NotBe(settings.LearningRate, "the late parameter's η starts below the options' learning rate");
    }

    [Fact]
    public void NextEtaAndNextMu_ArePyTorchsFormulas_AndCheckTheirArguments()
    {
        AsgdKernel.NextEta(0.1, 0.01, 0.75, 3).Should().Be(0.1 / Math.Pow(1.003, 0.75));
        AsgdKernel.NextEta(0.1, 0, 0.75, 1000).Should().Be(0.1);
        AsgdKernel.NextMu(5, 3).Should().Be(1);
        AsgdKernel.NextMu(5, 6).Should().Be(1);
        AsgdKernel.NextMu(5, 9).Should().Be(0.25);
        AsgdKernel.NextMu(0.5, 3).Should().Be(1 / 2.5);

        ((Func<double>)(() => AsgdKernel.NextEta(-1, 0, 0, 1))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("learningRate");
        ((Func<double>)(() => AsgdKernel.NextEta(1, double.NaN, 0, 1))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("lambd");
        ((Func<double>)(() => AsgdKernel.NextEta(1, 0, -1, 1))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("alpha");
        ((Func<double>)(() => AsgdKernel.NextEta(1, 0, 0, 0))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("step");
        ((Func<double>)(() => AsgdKernel.NextMu(double.PositiveInfinity, 1))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("t0");
        ((Func<double>)(() => AsgdKernel.NextMu(0, 0))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("step");
    }

    [Theory]
    [InlineData(-1e-4, 0, 0.01, 1, "lambd")]
    [InlineData(0, -1, 0.01, 1, "weightDecay")]
    [InlineData(0, 0, double.NaN, 1, "eta")]
    [InlineData(0, 0, 0.01, 0, "mu")]
    [InlineData(0, 0, 0.01, 1.5, "mu")]
    [InlineData(0, 0, 0.01, double.NaN, "mu")]
    public void Scalars_RejectOutOfRangeArguments_NamingThem(double lambd, double weightDecay, double eta, double mu, string name)
    {
        var act = () => new AsgdKernel.Scalars<float>(lambd, weightDecay, maximize: false, eta, mu);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
    }

    [Fact]
    public void Update_RejectsAnAverageOfAnotherLength()
    {
        var act = () => AsgdKernel.Update<double>(new double[3], new double[3], new double[2], new AsgdKernel.Scalars<double>(1e-4, 0, false, 0.01, 1));
        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("average");
    }
}
