using LearningRate.Checkpoints;
using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Optimizers;

/// <summary>
/// Muon against a hand transcription of torch.optim.Muon in the same precision (bit for bit), at tall, wide, square,
/// vector-like and empty shapes and every option; its refusal of non-matrices; the functional form; bad input; no
/// allocation per step; and a resume from a checkpoint.
/// </summary>
public class MuonTests
{
    public static TheoryData<int, int> Shapes() => new()
    {
        { 1, 1 }, { 2, 4 }, { 4, 2 }, { 1, 17 }, { 17, 1 }, { 5, 5 }, { 3, 33 }, { 40, 7 }, { 16, 16 }, { 12, 25 }, { 0, 4 }, { 3, 0 },
    };

    public static TheoryData<string> Configurations() => [.. ConfigurationsByName.Keys];

    private static Dictionary<string, (MuonOptions Options, Func<int, int, MuonReference<double>> Double, Func<int, int, MuonReference<float>> Float)> ConfigurationsByName { get; } = new()
    {
        ["default"] = Configure(new MuonOptions(), r => r),
        ["plain-momentum"] = Configure(new MuonOptions { LearningRate = 0.02, Nesterov = false, Momentum = 0.9 }, r => r with { Nesterov = false, Momentum = 0.9 }),
        ["match-rms-adamw"] = Configure(
            new MuonOptions { LearningRate = 0.01, WeightDecay = 0.01, AdjustLearningRate = MuonLearningRateAdjustment.MatchRmsAdamW },
            r => r with { WeightDecay = 0.01, MatchRmsAdamW = true }),
        ["three-steps-maximize"] = Configure(
            new MuonOptions { LearningRate = 0.05, NsSteps = 3, NsCoefficientA = 2, NsCoefficientB = -1.5, NsCoefficientC = 0.5, Maximize = true, WeightDecay = 0 },
            r => r with { Steps = 3, A = 2, B = -1.5, C = 0.5, Maximize = true, WeightDecay = 0 }),
        ["bfloat16-iteration"] = Configure(new MuonOptions { LearningRate = 0.02, NewtonSchulzInBFloat16 = true }, r => r with { BFloat16 = true }),
        ["no-iteration-large-eps"] = Configure(new MuonOptions { LearningRate = 0.1, NsSteps = 0, Epsilon = 1e3 }, r => r with { Steps = 0, Epsilon = 1e3 }),
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Muon_HasTheBitsOfTheTranscription_AtEveryShape(string configuration)
    {
        var (options, makeDouble, makeFloat) = ConfigurationsByName[configuration];
        foreach (var (rows, columns) in Shapes().Select(row => ((int)row[0], (int)row[1])))
        {
            Compare<double>(options, rows, columns, makeDouble(rows, columns).Step);
            Compare<float>(options, rows, columns, makeFloat(rows, columns).Step);
        }
    }

    [Fact]
    public void Kernel_HasTheBitsOfTheOptimizer()
    {
        var random = new Random(2);
        const int Rows = 9, Columns = 6;
        var start = TestData.Uniform<float>(random, Rows * Columns, -1, 1);
        float[] viaOptimizer = [.. start], viaKernel = [.. start], gradient = new float[start.Length];
        var momentum = new float[start.Length];
        var workspace = new float[MuonKernel.WorkspaceLength(Rows, Columns)];
        var muon = new Muon<float>(new MuonOptions { LearningRate = 0.02 });
        muon.Add("w", viaOptimizer, gradient, Rows, Columns);
        for (var step = 0; step < 4; step++)
        {
            TestData.Uniform<float>(random, gradient.Length, -1, 1).CopyTo(gradient, 0);
            muon.Step();
            MuonKernel.Update<float>(viaKernel, gradient, momentum, Rows, Columns, workspace, new(0.02, 0.1, 0.95, true, 3.4445, -4.775, 2.0315, 1e-7, 5, MuonLearningRateAdjustment.Original, Rows, Columns, maximize: false));
        }

        TestData.ShouldHaveSameBits<float>(viaKernel, viaOptimizer, "the functional form");
    }

    [Theory]
    [InlineData(new[] { 12 })]
    [InlineData(new[] { 2, 3, 2 })]
    [InlineData(new int[0])]
    public void NonMatrix_IsRefused_NamingShape(int[] shape)
    {
        var length = shape.Aggregate(1, (a, b) => a * b);
        var muon = new Muon<double>();
        var add = () => muon.Add("bias", new double[length], new double[length], shape);
        add.Should().Throw<ArgumentException>().Where(e => e.ParamName == "shape" && e.Message.Contains("2-D") && e.Message.Contains("'bias'"));
        ((IOptimizer<double>)muon).Parameters.Should().BeEmpty();
    }

    [Fact]
    public void UnshapedParameter_IsRefused()
    {
        var muon = new Muon<float>();
        var add = () => muon.Add("w", new float[6], new float[6]);
        add.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("shape");
    }

    [Fact]
    public void Options_RefuseValuesOutsideTheirRange()
    {
        FluentActions.Invoking(() => new MuonOptions { Momentum = 1 }).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("Momentum");
        FluentActions.Invoking(() => new MuonOptions { NsSteps = 100 }).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("NsSteps");
        FluentActions.Invoking(() => new MuonOptions { NsSteps = -1 }).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("NsSteps");
        FluentActions.Invoking(() => new MuonOptions { NsCoefficientA = double.NaN }).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("NsCoefficientA");
        FluentActions.Invoking(() => new MuonOptions { NsCoefficientC = double.PositiveInfinity }).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("NsCoefficientC");
        FluentActions.Invoking(() => new MuonOptions { Epsilon = -1e-7 }).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("Epsilon");
        FluentActions.Invoking(() => new MuonOptions { AdjustLearningRate = (MuonLearningRateAdjustment)7 }).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("AdjustLearningRate");
        var defaults = new MuonOptions();
        (defaults.LearningRate, defaults.WeightDecay, defaults.Momentum, defaults.Nesterov).Should().Be((1e-3, 0.1, 0.95, true));
        (defaults.NsCoefficientA, defaults.NsCoefficientB, defaults.NsCoefficientC, defaults.Epsilon, defaults.NsSteps).Should().Be((3.4445, -4.775, 2.0315, 1e-7, 5));
        defaults.AdjustLearningRate.Should().Be(MuonLearningRateAdjustment.Original);
    }

    [Fact]
    public void Kernel_RefusesBadInput_BeforeWriting()
    {
        float[] parameters = [1, 2, 3, 4, 5, 6], gradients = new float[6], momentum = new float[6];
        var scalars = new MuonKernel.Scalars<float>(0.1, 0, 0.9, true, 3.4445, -4.775, 2.0315, 1e-7, 5, MuonLearningRateAdjustment.Original, 2, 3, false);
        FluentActions.Invoking(() => MuonKernel.Update<float>(parameters, gradients, momentum, 3, 3, new float[100], scalars))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("rows");
        FluentActions.Invoking(() => MuonKernel.Update<float>(parameters, gradients, momentum, 2, 3, new float[MuonKernel.WorkspaceLength(2, 3) - 1], scalars))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("workspace");
        FluentActions.Invoking(() => MuonKernel.Update<float>(parameters, gradients, momentum.AsSpan(0, 5), 2, 3, new float[100], scalars))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("momentum");
        FluentActions.Invoking(() => MuonKernel.Update<float>(parameters, gradients, momentum, -2, -3, new float[100], scalars))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("rows");
        FluentActions.Invoking(() => new MuonKernel.Scalars<float>(0.1, 0, 0.9, true, 1, 1, 1, 1e-7, 100, MuonLearningRateAdjustment.Original, 2, 3, false))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("steps");
        parameters.Should().Equal(1, 2, 3, 4, 5, 6);
        momentum.Should().OnlyContain(v => v == 0);
    }

    [Fact]
    public void Step_DoesNotAllocate()
    {
        var muon = new Muon<float>(new MuonOptions { LearningRate = 0.02 });
        var random = new Random(6);
        muon.Add("a", TestData.Uniform<float>(random, 64 * 32, -1, 1), TestData.Uniform<float>(random, 64 * 32, -1, 1), 64, 32);
        muon.Add("b", TestData.Uniform<float>(random, 10 * 50, -1, 1), TestData.Uniform<float>(random, 10 * 50, -1, 1), 10, 50);
        muon.Step();
        Allocations.Fewest(() => muon.Step()).Should().Be(0);
    }

    [Fact]
    public void Checkpoint_ResumesBitForBit()
    {
        var random = new Random(8);
        var start = TestData.Uniform<double>(random, 7 * 5, -1, 1);
        var gradients = Enumerable.Range(0, 6).Select(_ => TestData.Uniform<double>(random, start.Length, -1, 1)).ToArray();
        double[] straight = [.. start], gradient = new double[start.Length];
        var uninterrupted = new Muon<double>(new MuonOptions { LearningRate = 0.02 });
        uninterrupted.Add("w", straight, gradient, 7, 5);
        double[] resumed = [.. start], resumedGradient = new double[start.Length];
        var first = new Muon<double>(new MuonOptions { LearningRate = 0.02 });
        first.Add("w", resumed, resumedGradient, 7, 5);
        using var stream = new MemoryStream();
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

        Checkpoint.Save(first, stream);
        double[] second = new double[start.Length], secondGradient = new double[start.Length];
        var restored = new Muon<double>(new MuonOptions { LearningRate = 0.02 });
        restored.Add("w", second, secondGradient, 7, 5);
        stream.Position = 0;
        Checkpoint.Load(restored, stream);
        for (var step = 3; step < 6; step++)
        {
            gradients[step].CopyTo(secondGradient, 0);
            restored.Step();
        }

        TestData.ShouldHaveSameBits<double>(second, straight, "resumed after three steps");
    }

    private static (MuonOptions, Func<int, int, MuonReference<double>>, Func<int, int, MuonReference<float>>) Configure(MuonOptions options, Func<ReferenceSettings, ReferenceSettings> settings)
    {
        var s = settings(new ReferenceSettings { LearningRate = options.LearningRate, WeightDecay = options.WeightDecay });
        return (options, (r, c) => s.Create<double>(r, c), (r, c) => s.Create<float>(r, c));
    }

    private static void Compare<T>(MuonOptions options, int rows, int columns, Action<T[], T[]> reference)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random((rows * 97) + columns);
        var start = TestData.Uniform<T>(random, rows * columns, -1, 1);
        T[] actual = [.. start], expected = [.. start], gradient = new T[start.Length];
        var muon = new Muon<T>(options);
        muon.Add("w", actual, gradient, rows, columns);
        for (var step = 0; step < 4; step++)
        {
            TestData.Uniform<T>(random, gradient.Length, -1, 1).CopyTo(gradient, 0);
            muon.Step();
            reference(expected, gradient);
        }

        TestData.ShouldHaveSameBits<T>(actual, expected, $"{typeof(T).Name} {rows}×{columns} {options}");
    }

    private sealed record ReferenceSettings
    {
        public double LearningRate { get; init; }

        public double WeightDecay { get; init; }

        public double Momentum { get; init; } = 0.95;

        public bool Nesterov { get; init; } = true;

        public double A { get; init; } = 3.4445;

        public double B { get; init; } = -4.775;

        public double C { get; init; } = 2.0315;

        public double Epsilon { get; init; } = 1e-7;

        public int Steps { get; init; } = 5;

        public bool MatchRmsAdamW { get; init; }

        public bool Maximize { get; init; }

        public bool BFloat16 { get; init; }

        public MuonReference<T> Create<T>(int rows, int columns)
            where T : unmanaged, IFloatingPointIeee754<T> => new(rows, columns)
            {
                LearningRate = LearningRate,
                WeightDecay = WeightDecay,
                Momentum = Momentum,
                Nesterov = Nesterov,
                A = A,
                B = B,
                C = C,
                Epsilon = Epsilon,
                Steps = Steps,
                MatchRmsAdamW = MatchRmsAdamW,
                Maximize = Maximize,
                BFloat16 = BFloat16,
            };
    }
}
