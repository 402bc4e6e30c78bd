using System.Runtime.InteropServices;
using LearningRate.Checkpoints;
using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;
using LearningRate.Training;

namespace LearningRate.Tests.Training;

/// <summary>
/// <see cref="GradScaler"/> against a transcription of PyTorch's <c>torch.amp.GradScaler</c> rules (the growth tracker
/// and the scale across clean and overflowing steps, <c>_amp_update_scale_</c>), its unscaling of float, double, Half and
/// bfloat16 gradients in float, the skipped step, the order of calls PyTorch enforces, the disabled scaler, and the
/// checkpoint section.
/// </summary>
public class GradScalerTests
{
    [Fact]
    public void Defaults_ArePyTorchs()
    {
        var scaler = new GradScaler();
        scaler.Scale.Should().Be(65536);
        scaler.GrowthTracker.Should().Be(0);
        scaler.Options.Should().Be(new GradScalerOptions { InitialScale = 65536, GrowthFactor = 2, BackoffFactor = 0.5, GrowthInterval = 2000, Enabled = true });
        scaler.ScaleLoss(1.5f).Should().Be(98304f);
        scaler.ScaleLoss(0.1).Should().Be(0.1 * 65536);
    }

    [Theory]
    [InlineData(65536, 2, 0.5, 3)]
    [InlineData(1000, 1.7, 0.3, 2)]
    [InlineData(3, 1.0000001, 0.9999999, 1)]
    public void ScaleAndGrowthTracker_FollowPyTorchsUpdateRule(double initial, double growth, double backoff, int interval)
    {
        var options = new GradScalerOptions { InitialScale = initial, GrowthFactor = growth, BackoffFactor = backoff, GrowthInterval = interval };
        var scaler = new GradScaler(options);
        var reference = new TorchScaler(initial, growth, backoff, interval);
        var gradient = new float[3];
        var optimizer = new StorageSgd<float>(0.1).Add("w", new float[3], gradient);
        var pattern = "cccciccciicccccccciccccccccccc";
        foreach (var step in pattern)
        {
            gradient[0] = step == 'i' ? float.PositiveInfinity : 1;
            gradient[1] = 2;
            var report = scaler.Step(optimizer);
            report.Status.Should().Be(step == 'i' ? StepStatus.SkippedNonFinite : StepStatus.Applied);
            scaler.Update();
            reference.Update(foundInf: step == 'i');
            scaler.Scale.Should().Be(reference.Scale);
            scaler.GrowthTracker.Should().Be(reference.GrowthTracker);
        }

        optimizer.StepCount.Should().Be(pattern.Count(c => c == 'c'));
    }

    [Fact]
    public void Growth_StopsWhereTheScaleWouldOverflowFloat()
    {
        var scaler = new GradScaler(new GradScalerOptions { InitialScale = Math.ScaleB(1, 127), GrowthInterval = 1 });
        var optimizer = new StorageSgd<float>(0.1).Add("w", [1f], [1f]);
        scaler.Step(optimizer);
        scaler.Update();
        scaler.Scale.Should().Be(Math.ScaleB(1, 127));
        scaler.GrowthTracker.Should().Be(0);
    }

    [Fact]
    public void Unscale_MultipliesByTheFloatInverse_InEveryElementType()
    {
        // A scale of 3: 1/3 is rounded to float, and each product rounded to the gradient's type.
        var scaler = new GradScaler(new GradScalerOptions { InitialScale = 3 });
        var inverse = (float)(1.0 / 3);
        float[] values = [1, -7, 1e-3f, 60000, 0.1f];

        var singles = values.ToArray();
        scaler.Unscale(new StorageSgd<float>(1).Add("w", new float[5], singles));
        singles.Should().Equal(values.Select(v => v * inverse));

        var doubles = values.Select(v => (double)v).ToArray();
        scaler.Unscale(new StorageSgd<double>(1).Add("w", new double[5], doubles));
        doubles.Should().Equal(values.Select(v => v * (double)inverse));

        var halves = values.Select(v => (Half)v).ToArray();
        var expectedHalves = halves.Select(h => (Half)((float)h * inverse)).ToArray();
        scaler.Unscale(new StorageSgd<Half>(1).Add("w", new Half[5], halves));
        halves.Should().Equal(expectedHalves);

        var bfloats = values.Select(v => (BFloat16)v).ToArray();
        var expectedBFloats = bfloats.Select(b => (BFloat16)((float)b * inverse)).ToArray();
        scaler.Unscale(new StorageSgd<BFloat16>(1).Add("w", new BFloat16[5], bfloats));
        bfloats.Should().Equal(expectedBFloats);
    }

    [Fact]
    public void NonFiniteGradient_SkipsTheStep_NamesTheParameter_AndBacksOff()
    {
        var scaler = new GradScaler();
        Half[] first = [(Half)1, (Half)2], second = [(Half)3, Half.PositiveInfinity];
        Half[] value = [(Half)1, (Half)1];
        var optimizer = new StorageSgd<Half>(0.5).Add("a", value.ToArray(), first).Add("b", value, second);
        var report = scaler.Step(optimizer);

        report.Should().Be(new StepReport(StepStatus.SkippedNonFinite, 0.5, double.NaN, "b"));
        optimizer.StepCount.Should().Be(0);
        value.Should().Equal((Half)1, (Half)1);
        scaler.Update();
        scaler.Scale.Should().Be(32768);

        // The next iteration's gradients are finite: unscaled by the new scale, then applied.
        first[0] = (Half)32768;
        second[1] = (Half)16384;
        scaler.Step(optimizer).Status.Should().Be(StepStatus.Applied);
        first[0].Should().Be((Half)1);
        second[1].Should().Be((Half)0.5);
        value[1].Should().Be((Half)(1 - (0.5 * 0.5)));
    }

    [Fact]
    public void NaN_IsFound_InFloatDoubleAndBFloat16()
    {
        var scaler = new GradScaler();
        scaler.Step(new StorageSgd<float>(1).Add("f", [0f], [float.NaN])).Status.Should().Be(StepStatus.SkippedNonFinite);
        scaler.Step(new StorageSgd<double>(1).Add("d", [0d], [double.NegativeInfinity])).Status.Should().Be(StepStatus.SkippedNonFinite);
        scaler.Step(new StorageSgd<BFloat16>(1).Add("b", new BFloat16[600], [.. new BFloat16[599], BFloat16.NaN])).NonFiniteParameter.Should().Be("b");
        scaler.Update();
        scaler.Scale.Should().Be(32768, "three optimizers found NaN or ∞: one back-off");
    }

    [Fact]
    public void SeveralOptimizers_AreCheckedSeparately_AndCombinedInUpdate()
    {
        var scaler = new GradScaler(new GradScalerOptions { GrowthInterval = 1 });
        var clean = new StorageSgd<float>(1).Add("c", [0f], [65536f]);
        var overflowing = new StorageSgd<float>(1).Add("o", [0f], [float.PositiveInfinity]);
        scaler.Step(clean).Status.Should().Be(StepStatus.Applied);
        scaler.Step(overflowing).Status.Should().Be(StepStatus.SkippedNonFinite);
        clean.StepCount.Should().Be(1);
        scaler.Update();
        scaler.Scale.Should().Be(32768, "any optimizer's overflow backs the scale off");
    }

    [Fact]
    public void CallOrder_IsEnforcedAsPyTorchEnforcesIt()
    {
        var scaler = new GradScaler();
        var optimizer = new StorageSgd<float>(1).Add("w", [0f], [1f]);
        var update = () => scaler.Update();
        update.Should().Throw<InvalidOperationException>().WithMessage("No non-finite checks*");

        scaler.Unscale(optimizer);
        var twice = () => scaler.Unscale(optimizer);
        twice.Should().Throw<InvalidOperationException>().WithMessage("Unscale was already called*");
        scaler.Step(optimizer);
        var stepAgain = () => scaler.Step(optimizer);
        stepAgain.Should().Throw<InvalidOperationException>().WithMessage("Step was already called*");
        var unscaleAfterStep = () => scaler.Unscale(optimizer);
        unscaleAfterStep.Should().Throw<InvalidOperationException>().WithMessage("Unscale is being called after Step*");
        optimizer.Parameters[0].Gradient.Span[0].Should().Be(1f / 65536, "the refused calls changed nothing");

        scaler.Update();
        scaler.Unscale(optimizer);
        scaler.Step(optimizer).Status.Should().Be(StepStatus.Applied);
    }

    [Fact]
    public void Disabled_ChangesNothing_AndAlwaysSteps()
    {
        var scaler = new GradScaler(new GradScalerOptions { Enabled = false });
        scaler.Scale.Should().Be(1);
        scaler.ScaleLoss(3f).Should().Be(3f);
        float[] gradient = [float.NaN, 4];
        var optimizer = new StorageSgd<float>(1).Add("w", [0f, 0f], gradient);
        scaler.Unscale(optimizer);
        gradient[1].Should().Be(4);
        scaler.Step(optimizer).Status.Should().Be(StepStatus.Applied);
        optimizer.StepCount.Should().Be(1);
        scaler.Update();
        scaler.Update(10);
        scaler.Scale.Should().Be(1);
    }

    [Fact]
    public void UpdateWithANewScale_SetsIt_AndKeepsTheGrowthTracker()
    {
        var scaler = new GradScaler(new GradScalerOptions { GrowthInterval = 5 });
        var optimizer = new StorageSgd<float>(1).Add("w", [0f], [1f]);
        scaler.Step(optimizer);
        scaler.Update();
        scaler.GrowthTracker.Should().Be(1);
        scaler.Update(1000);
        scaler.Scale.Should().Be(1000);
        scaler.GrowthTracker.Should().Be(1);
        scaler.Step(optimizer).Status.Should().Be(StepStatus.Applied, "Update(newScale) also ends the iteration");

        foreach (var bad in new[] { 0, -1, double.NaN, double.PositiveInfinity, 1e300, 1e-300 })
        {
            var act = () => scaler.Update(bad);
            act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("newScale");
        }
    }

    [Fact]
    public void Options_RejectValuesPyTorchWouldRefuse()
    {
        var growth = () => new GradScalerOptions { GrowthFactor = 1 };
        growth.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(GradScalerOptions.GrowthFactor));
        var backoff = () => new GradScalerOptions { BackoffFactor = 1 };
        backoff.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(GradScalerOptions.BackoffFactor));
        var zeroBackoff = () => new GradScalerOptions { BackoffFactor = 0 };
        zeroBackoff.Should().Throw<ArgumentOutOfRangeException>();
        var interval = () => new GradScalerOptions { GrowthInterval = 0 };
        interval.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(GradScalerOptions.GrowthInterval));
        var scale = () => new GradScalerOptions { InitialScale = double.PositiveInfinity };
        scale.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(GradScalerOptions.InitialScale));
    }

    [Fact]
    public void UnsupportedElementType_Throws()
    {
        var optimizer = new StorageSgd<NFloat>(1).Add("w", [(NFloat)0], [(NFloat)1]);
        var act = () => new GradScaler().Step(optimizer);
        act.Should().Throw<NotSupportedException>();
    }

    [Fact]
    public void Checkpoint_RestoresScaleAndTracker_AndChecksTheOptions()
    {
        var options = new GradScalerOptions { GrowthInterval = 10, InitialScale = 1024 };
        var scaler = new GradScaler(options);
        var optimizer = new StorageSgd<float>(1).Add("w", [0f], [1f]);
        for (var i = 0; i < 3; i++)
        {
            scaler.Step(optimizer);
            scaler.Update();
        }

        scaler.Update(4096);
        var stream = new MemoryStream();
        Checkpoint.Save(LibraryOptimizer(), stream, ("scaler", scaler));

        var restored = new GradScaler(options);
        Checkpoint.Load(LibraryOptimizer(), new MemoryStream(stream.ToArray()), strict: true, ("scaler", restored));
        restored.Scale.Should().Be(4096);
        restored.GrowthTracker.Should().Be(3);

        var other = new GradScaler(options with { GrowthInterval = 11 });
        var load = () => Checkpoint.Load(LibraryOptimizer(), new MemoryStream(stream.ToArray()), strict: true, ("scaler", other));
        load.Should().Throw<CheckpointException>().Which.Error.Should().Be(CheckpointError.InvalidOptions);
        other.Scale.Should().Be(1024);
    }

    [Fact]
    public void SteadyState_AllocatesNothing()
    {
        var scaler = new GradScaler();
        var gradient = new Half[1000];
        var optimizer = new StorageSgd<Half>(0).Add("w", new Half[1000], gradient);
        void Iteration()
        {
            gradient.AsSpan().Fill((Half)1);
            scaler.Unscale(optimizer);
            scaler.Step(optimizer);
            scaler.Update();
        }

        Iteration();
        Allocations.Fewest(Iteration).Should().Be(0);
    }

    private static Sgd<double> LibraryOptimizer()
    {
        var sgd = new Sgd<double>(new SgdOptions { LearningRate = 0.5 });
        sgd.Add("p", new double[] { 1, 2 }, new double[] { 0.25, -0.5 });
        return sgd;
    }

    /// <summary>
    /// PyTorch's <c>_amp_update_scale_</c> (aten/src/ATen/native/cpu/AmpGradScalerKernels.cpp), transcribed: the scale is a
    /// float32, each product computed in double and stored as float; growth is kept only when finite.
    /// </summary>
    private sealed class TorchScaler(double initScale, double growthFactor, double backoffFactor, int growthInterval)
    {
        public float Scale { get; private set; } = (float)initScale;

        public int GrowthTracker { get; private set; }

        public void Update(bool foundInf)
        {
            if (foundInf)
            {
                Scale = (float)(Scale * backoffFactor);
                GrowthTracker = 0;
                return;
            }

            var successful = GrowthTracker + 1;
            if (successful == growthInterval)
            {
                var newScale = (float)(Scale * growthFactor);
                if (float.IsFinite(newScale))
                {
                    Scale = newScale;
                }

                GrowthTracker = 0;
            }
            else
            {
                GrowthTracker = successful;
            }
        }
    }
}
