using LearningRate.Checkpoints;
using LearningRate.Optimizers;
using LearningRate.Training;

namespace LearningRate.Tests.Checkpoints;

/// <summary>Extra sections beside the optimizer: scalers and the training monitor resume as if never interrupted.</summary>
public class CheckpointExtrasTests
{
    private static readonly double[] s_first = [1e9 + 1, 3, 1e9 + 4, -2, 1e9 + 1, 7.5, 1e9 + 5, 0.25];
    private static readonly double[] s_second = [1e9 + 9, -6, 1e9 + 2, 11, 1e9 + 6, 3.5];

    [Fact]
    public void Standardizer_RestoredMidFit_ContinuesBitIdentically()
    {
        var uninterrupted = new Standardizer { WithMean = true };
        uninterrupted.Fit<double>(s_first, 2);
        var saved = Save(Optimizer(), ("scaler", uninterrupted));

        var restored = new Standardizer();
        Checkpoint.Load(Optimizer(), new MemoryStream(saved), strict: true, ("scaler", restored));
        uninterrupted.PartialFit<double>(s_second, 2);
        restored.PartialFit<double>(s_second, 2);

        Bits(restored.Mean).Should().Equal(Bits(uninterrupted.Mean));
        Bits(restored.StandardDeviation).Should().Equal(Bits(uninterrupted.StandardDeviation));
        Bits(restored.Scale).Should().Equal(Bits(uninterrupted.Scale));
        restored.Count.Should().Be(7);
        Bits(Transformed(restored)).Should().Equal(Bits(Transformed(uninterrupted)));
    }

    [Fact]
    public void MinMaxScaler_RestoredMidFit_ContinuesBitIdentically()
    {
        var uninterrupted = new MinMaxScaler(-1, 1) { Clip = true };
        uninterrupted.Fit<double>(s_first, 2);
        var saved = Save(Optimizer(), ("minmax", uninterrupted));

        var restored = new MinMaxScaler(-1, 1) { Clip = true };
        Checkpoint.Load(Optimizer(), new MemoryStream(saved), strict: true, ("minmax", restored));
        uninterrupted.PartialFit<double>(s_second, 2);
        restored.PartialFit<double>(s_second, 2);

        restored.DataMin.ToArray().Should().Equal(1e9 + 1, -6);
        restored.DataMax.ToArray().Should().Equal(1e9 + 9, 11);
        var a = s_second.ToArray();
        var b = s_second.ToArray();
        restored.Transform<double>(a);
        uninterrupted.Transform<double>(b);
        Bits(a).Should().Equal(Bits(b));
    }

    [Fact]
    public void TrainingMonitor_Restored_SeesTheSamePlateauAndDivergenceAsAnUninterruptedOne()
    {
        var options = new TrainingMonitorOptions { Smoothing = 0.9, StepPlateauPatience = 6, DivergenceWarmup = 3, EpochPlateauPatience = 2 };
        using var uninterrupted = new TrainingMonitor(options);
        Record(uninterrupted, 0, 30);
        var saved = Save(Optimizer(), ("monitor", uninterrupted));

        using var restored = new TrainingMonitor(options);
        Checkpoint.Load(Optimizer(), new MemoryStream(saved), strict: true, ("monitor", restored));
        Record(uninterrupted, 30, 60);
        Record(restored, 30, 60);

        restored.Steps.Select(s => (s.Step, s.Loss, s.SmoothedLoss, s.LearningRate))
            .Should().Equal(uninterrupted.Steps.Select(s => (s.Step, s.Loss, s.SmoothedLoss, s.LearningRate)));
        restored.Epochs.Should().Equal(uninterrupted.Epochs);
        restored.Diagnoses.Should().Equal(uninterrupted.Diagnoses);
        restored.Diagnoses.Select(d => d.Issue).Should().Contain([TrainingIssue.Plateau, TrainingIssue.Divergence], "the losses were built to show both");
        restored.Diagnoses.Should().Contain(d => d.Step > 30, "a decision after the restore is part of the comparison");
        restored.ActiveIssues.Should().BeEquivalentTo(uninterrupted.ActiveIssues);
    }

    [Fact]
    public void Load_WithOneExtraNotFitting_ChangesNeitherTheOptimizerNorTheOtherExtras()
    {
        var source = Optimizer();
        source.Step();
        var standardizer = new Standardizer();
        standardizer.Fit<double>(s_first, 2);
        var monitor = new TrainingMonitor();
        Record(monitor, 0, 5);
        var saved = Save(source, ("scaler", standardizer), ("monitor", monitor));

        var target = Optimizer();
        var freshScaler = new Standardizer();
        using var otherOptions = new TrainingMonitor(new TrainingMonitorOptions { Smoothing = 0.5 });
        var load = () => Checkpoint.Load(target, new MemoryStream(saved), strict: true, ("scaler", freshScaler), ("monitor", otherOptions));

        load.Should().Throw<CheckpointException>().Which.Error.Should().Be(CheckpointError.InvalidOptions);
        target.StepCount.Should().Be(0);
        freshScaler.Columns.Should().Be(0);
        otherOptions.Steps.Should().BeEmpty();
    }

    [Fact]
    public void Load_ADamagedExtraSection_ChangesNothing()
    {
        var source = Optimizer();
        source.Step();
        var scaler = new MinMaxScaler();
        scaler.Fit<double>(s_first, 2);
        var saved = Save(source, ("minmax", scaler));
        saved[^9] ^= 0x40;   // the last byte of the payload: the scaler's last maximum

        var target = Optimizer();
        var fresh = new MinMaxScaler();
        var load = () => Checkpoint.Load(target, new MemoryStream(saved), strict: true, ("minmax", fresh));

        load.Should().Throw<CheckpointException>().Which.Error.Should().Be(CheckpointError.ChecksumMismatch);
        target.StepCount.Should().Be(0);
        fresh.Columns.Should().Be(0);
    }

    [Fact]
    public void Load_AScalerOfOtherOptionsOrShape_IsRefused()
    {
        var scaler = new MinMaxScaler();
        scaler.Fit<double>(s_first, 2);
        var saved = Save(Optimizer(), ("minmax", scaler));
        var fitted = new MinMaxScaler();
        fitted.Fit<double>(s_first, 4);

        ErrorOf(() => Checkpoint.Load(Optimizer(), new MemoryStream(saved), strict: true, ("minmax", new MinMaxScaler(-1, 1)))).Should().Be(CheckpointError.InvalidOptions);
        ErrorOf(() => Checkpoint.Load(Optimizer(), new MemoryStream(saved), strict: true, ("minmax", fitted))).Should().Be(CheckpointError.LengthMismatch);
        ErrorOf(() => Checkpoint.Load(Optimizer(), new MemoryStream(saved), strict: true, ("minmax", new Standardizer()))).Should().Be(CheckpointError.InvalidOptions);
        ErrorOf(() => Checkpoint.Load(Optimizer(), new MemoryStream(saved), strict: true, ("other", new MinMaxScaler()))).Should().Be(CheckpointError.SectionMismatch);
    }

    [Fact]
    public void Load_OnlyTheOptimizer_IgnoresExtrasUnlessStrict()
    {
        var source = Optimizer();
        source.Step();
        var scaler = new Standardizer();
        scaler.Fit<double>(s_first, 2);
        var saved = Save(source, ("scaler", scaler));

        ErrorOf(() => Checkpoint.Load(Optimizer(), new MemoryStream(saved))).Should().Be(CheckpointError.SectionMismatch);
        var target = Optimizer();
        Checkpoint.Load(target, new MemoryStream(saved), strict: false);
        target.StepCount.Should().Be(1);
    }

    [Theory]
    [InlineData("a", "a")]
    [InlineData("optimizer", "b")]
    [InlineData("", "b")]
    public void Save_WithARepeatedReservedOrEmptyName_ThrowsNamingExtras(string first, string second)
    {
        var stream = new MemoryStream();
        var save = () => Checkpoint.Save(Optimizer(), stream, (first, new Standardizer()), (second, new MinMaxScaler()));

        save.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("extras");
        stream.Length.Should().Be(0);
    }

    /// <summary>The example of docs/checkpoints.md, "What a checkpoint covers" (CheckpointsDocTests keeps the two equal).</summary>
    [Fact]
    public void DocsExample_RestoresTheScalerAndTheMonitorWithTheOptimizer()
    {
        var optimizer = Optimizer();
        optimizer.Step();
        var resumed = Optimizer();
        var scaler = new Standardizer();
        scaler.Fit<double>(s_first, 2);
        using var monitor = new TrainingMonitor();
        Record(monitor, 0, 12);
        var path = Path.Combine(Path.GetTempPath(), $"learningrate-extras-{Guid.NewGuid():N}.ckpt");
        try
        {
            // docs:begin
            Checkpoint.SaveToFile(optimizer, path, ("scaler", scaler), ("monitor", monitor));

            // Resume: build everything as before (same options), then restore all of it at once.
            var resumedScaler = new Standardizer();
            using var resumedMonitor = new TrainingMonitor();
            Checkpoint.LoadFromFile(resumed, path, strict: true, ("scaler", resumedScaler), ("monitor", resumedMonitor));
            // docs:end

            resumed.StepCount.Should().Be(1);
            Bits(resumedScaler.Mean).Should().Equal(Bits(scaler.Mean));
            resumedMonitor.Epochs.Should().Equal(monitor.Epochs);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static Sgd<double> Optimizer()
    {
        var sgd = new Sgd<double>(new SgdOptions { LearningRate = 0.5 });
        sgd.Add("p", new double[] { 1, 2 }, new double[] { 0.25, -0.5 });
        return sgd;
    }

    private static byte[] Save(IOptimizer optimizer, params ReadOnlySpan<(string Name, ICheckpointable State)> extras)
    {
        var stream = new MemoryStream();
        Checkpoint.Save(optimizer, stream, extras);
        return stream.ToArray();
    }

    private static CheckpointError ErrorOf(Action load)
    {
        try
        {
            load();
        }
        catch (CheckpointException e)
        {
            return e.Error;
        }

        throw new InvalidOperationException("The load succeeded.");
    }

    private static double[] Transformed(Standardizer standardizer)
    {
        var data = s_second.ToArray();
        standardizer.Transform<double>(data);
        return data;
    }

    private static long[] Bits(ReadOnlySpan<double> values) => values.ToArray().Select(BitConverter.DoubleToInt64Bits).ToArray();

    /// <summary>A loss that falls, flattens from step 20 (a plateau), then explodes at 45 and recovers (a divergence).</summary>
    private static void Record(TrainingMonitor monitor, int from, int to)
    {
        for (var step = from; step < to; step++)
        {
            var loss = step < 20 ? 2.0 / (1 + step) : step is >= 45 and < 48 ? 50.0 : 0.1 + (1e-9 * (step % 3));
            monitor.RecordStep(loss, 0.01);
            if (step % 10 == 9)
            {
                monitor.RecordEpoch(loss);
            }
        }
    }
}
