using System.Text;
using LearningRate.Checkpoints;
using LearningRate.Optimizers;
using LearningRate.Tests.Optimizers;
using static LearningRate.Tests.Checkpoints.CheckpointTestData;

namespace LearningRate.Tests.Checkpoints;

/// <summary>Edges of the format the round-trip tests do not reach: the kind name, an absent last learning rate, a zero learning rate.</summary>
public class CheckpointEdgeTests
{
    [Theory]
    [InlineData("adam", "adam")]
    [InlineData("adam-amsgrad", "adam")]
    [InlineData("adamw", "adamw")]
    [InlineData("sgd-nesterov", "sgd")]
    [InlineData("momentum", "momentum")]
    [InlineData("adagrad", "adagrad")]
    [InlineData("rmsprop-centered", "rmsprop")]
    public void TheKindStrings_AreStable_AndNoClrNameIsStored(string @case, string kind)
    {
        Check<float>(1);
        Check<double>(2);

        void Check<T>(byte tag)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var optimizer = OptimizerCases.All[@case].Create<T>(new T[3], new T[3]);
            var bytes = Save(optimizer);

            // The section: kind, element tag, step count, skips, the optimizer's empty state block, the group count, the options' kind.
            var reader = new CheckpointReader(bytes.AsSpan(OptimizerSectionLengthAt + 8));
            reader.ReadString("kind").Should().Be(kind);
            reader.ReadByte("tag").Should().Be(tag);
            reader.ReadInt64("steps").Should().Be(0);
            reader.ReadInt32("skips").Should().Be(0);
            reader.ReadInt32("scalars").Should().Be(0);
            reader.ReadInt32("buffers").Should().Be(0);
            reader.ReadInt32("groups").Should().Be(1);
            reader.ReadString("options").Should().Be(kind);
            Encoding.UTF8.GetString(bytes).Should().NotContain(optimizer.GetType().Name).And.NotContain(optimizer.GetType().Name.Split('`')[0] + "Options");
        }
    }

    [Fact]
    public void NeverSteppedOptimizer_RoundTripsItsAbsentLastLearningRate()
    {
        var source = new Sgd<double>(new SgdOptions { LearningRate = 0.5 });
        source.Add("p", new double[2], new double[2]);
        source.Groups[0].LastLearningRate.Should().BeNull();

        var target = new Sgd<double>(new SgdOptions { LearningRate = 0.5 });
        target.Add("p", new double[2], new double[2]);
        target.Step();
        target.Groups[0].LastLearningRate.Should().Be(0.5);

        Load(target, Save(source));

        target.Groups[0].LastLearningRate.Should().BeNull("the checkpoint was saved before any step");
        target.StepCount.Should().Be(0);
    }

    [Fact]
    public void ZeroLearningRate_IsAValidCheckpointValue()
    {
        var source = new Adam<double>(new AdamOptions { LearningRate = 0 });
        source.Add("p", new double[] { 1, 2 }, new double[] { 0.5, 0.5 });
        source.Step();

        var target = new Adam<double>(new AdamOptions { LearningRate = 0 });
        target.Add("p", new double[2], new double[2]);
        Load(target, Save(source));

        target.Groups[0].LearningRate.Should().Be(0);
        target.Groups[0].LastLearningRate.Should().Be(0);
        target.StepCount.Should().Be(1);
    }

    [Theory]
    [InlineData(0, double.NaN)]
    [InlineData(0, double.NegativeInfinity)]
    [InlineData(0, double.PositiveInfinity)]
    [InlineData(0, -0.1)]
    [InlineData(9, double.NaN)]
    [InlineData(9, double.PositiveInfinity)]
    public void AStoredLearningRateThatIsNotAFiniteNonNegativeNumber_IsInvalidOptions(int offset, double value)
    {
        // After the last option (WeightDecay: name, tag, 8 bytes) come the fixed learning rate (offset 0), the
        // presence byte of the last learning rate (8) and the last learning rate (9).
        var bytes = SavedAfterOneStep();
        BitConverter.GetBytes(value).CopyTo(bytes, GroupRatesAt(bytes) + offset);

        LoadFails<double>(Target(), Reseal(bytes), CheckpointError.InvalidOptions).Message.Should().Contain("learning rate of group 0");
    }

    [Fact]
    public void AnAbsentLastLearningRate_WithAValueStored_IsMalformed()
    {
        var bytes = SavedAfterOneStep();
        bytes[GroupRatesAt(bytes) + 8] = 0;

        LoadFails<double>(Target(), Reseal(bytes), CheckpointError.Malformed).Message.Should().Be("Group 0 has no last learning rate but stores 0.5 for it.");
    }

    private static byte[] SavedAfterOneStep()
    {
        var source = Target();
        source.Step();
        return Save(source);
    }

    private static Adam<double> Target()
    {
        var adam = new Adam<double>(new AdamOptions { LearningRate = 0.5 });
        adam.Add("p", new double[2], new double[] { 1, 1 });
        return adam;
    }

    /// <summary>Where the group's rates start: after the option "WeightDecay" (its length prefix keeps "DecoupledWeightDecay" out), its tag and value.</summary>
    private static int GroupRatesAt(byte[] bytes) => bytes.AsSpan().IndexOf("\u000B\0\0\0WeightDecay"u8) + 4 + "WeightDecay".Length + 1 + 8;

    [Fact]
    public void CheckpointException_StandardConstructors_MeanMalformed()
    {
        var inner = new InvalidDataException("inner");

        new CheckpointException().Should().Match<CheckpointException>(e => e.Error == CheckpointError.Malformed && e.Message == "The checkpoint could not be read.");
        new CheckpointException("bad").Should().Match<CheckpointException>(e => e.Error == CheckpointError.Malformed && e.Message == "bad");
        new CheckpointException("bad", inner).Should().Match<CheckpointException>(e => e.Error == CheckpointError.Malformed && e.InnerException == inner);
    }

    [Fact]
    public void LargeCheckpoint_ReadInSmallPieces_RoundTripsExactly()
    {
        // 300,000 doubles of values plus two moments: a payload of about 7 MB, several times the
        // 1 MB first read buffer, delivered by a stream that returns at most 4,093 bytes per call.
        const int Length = 300_000;
        var random = new Random(5);
        var value = new double[Length];
        var gradient = new double[Length];
        var source = new Adam<double>();
        source.Add("big", value, gradient);
        Train<double>(source, random, 2, gradient);
        var bytes = Save(source);
        bytes.Length.Should().BeGreaterThan(3 << 20);

        var target = new Adam<double>();
        var restored = new double[Length];
        var targetParameter = target.Add("big", restored, new double[Length]);
        LearningRate.Checkpoints.Checkpoint.Load(target, new TrickleStream(bytes, 4_093));

        restored.Should().Equal(value);
        targetParameter.State[1].Should().Equal(source.Groups[0].Parameters[0].State[1]);
        target.StepCount.Should().Be(2);
    }

    /// <summary>A read-only stream that hands out at most a few bytes per read, as a socket or a slow file may.</summary>
    private sealed class TrickleStream(byte[] data, int piece) : MemoryStream(data, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, piece));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, piece)]);
    }
}
