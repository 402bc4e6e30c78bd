using System.Buffers.Binary;
using System.Text;
using LearningRate.Checkpoints;
using LearningRate.Optimizers;
using static LearningRate.Tests.Checkpoints.CheckpointTestData;

namespace LearningRate.Tests.Checkpoints;

/// <summary>
/// Crafted parameter records of format 2 (docs/checkpoints.md: name, int32 group, int64 length, int64 step, the
/// state block, then the values), resealed so that each edit reaches the parser: every out-of-range field is
/// Malformed and changes nothing. The state block's own rules are in <see cref="CheckpointStateBlockTests"/>;
/// format 1's record in <see cref="CheckpointFormatOneTests"/>.
/// </summary>
public class CheckpointParameterRecordTests
{
    private const string Name = "parameter-under-test";
    private const int Length = 3;

    // Offsets after the name's bytes; the first buffer entry is a string, a tag, an int64 length and 3 floats.
    private const int GroupAt = 0, LengthAt = 4, StepAt = 12, ScalarsAt = 20, BuffersAt = 24, FirstBufferAt = 28;
    private const int FirstBufferBytes = 4 + 7 + 1 + 8 + (Length * sizeof(float));

    [Fact]
    public void TheUneditedRecord_Loads()
    {
        var bytes = Saved();
        var end = RecordEnd(bytes);

        Load(Target(), bytes);
        BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(end + LengthAt)).Should().Be(Length);
        BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(end + StepAt)).Should().Be(2);
        BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(end + ScalarsAt)).Should().Be(0, "Adam declares no scalar");
        BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(end + BuffersAt)).Should().Be(2, "without AMSGrad Adam keeps m and v only");
        After(bytes, "exp_avg").Should().Be(end + FirstBufferAt + 4 + "exp_avg".Length);
        After(bytes, "exp_avg_sq").Should().Be(end + FirstBufferAt + FirstBufferBytes + 4 + "exp_avg_sq".Length);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)] // the checkpoint has one group: 0 is the only valid index
    [InlineData(int.MaxValue)]
    public void GroupOutOfRange_IsMalformed(int group)
    {
        var bytes = Edit(Saved(), GroupAt, span => BinaryPrimitives.WriteInt32LittleEndian(span, group));

        LoadFails<float>(Target(), bytes, CheckpointError.Malformed).Message.Should().Contain($"group {group}");
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    public void NegativeLength_IsMalformed(long length)
    {
        var bytes = Edit(Saved(), LengthAt, span => BinaryPrimitives.WriteInt64LittleEndian(span, length));

        LoadFails<float>(Target(), bytes, CheckpointError.Malformed).Message
            .Should().Be($"the length of parameter '{Name}' is {length}; it cannot be negative.");
    }

    [Theory]
    [InlineData((long)int.MaxValue)]
    [InlineData(long.MaxValue)]
    public void ALengthNoArrayCanHave_IsMalformed(long length)
    {
        // Format 2 stores lengths in 64 bits; a parameter is still one .NET array.
        var bytes = Edit(Saved(), LengthAt, span => BinaryPrimitives.WriteInt64LittleEndian(span, length));

        LoadFails<float>(Target(), bytes, CheckpointError.Malformed).Message.Should().Contain($"declares {length} elements");
    }

    [Fact]
    public void NegativeStepCount_IsMalformed()
    {
        var bytes = Edit(Saved(), StepAt, span => BinaryPrimitives.WriteInt64LittleEndian(span, -1));

        LoadFails<float>(Target(), bytes, CheckpointError.Malformed).Message.Should().Contain("step count");
    }

    [Fact]
    public void AStepCountBeyondTheOptimizers_IsMalformed()
    {
        // A parameter steps only when the optimizer does: 2 optimizer steps cannot give it 3.
        var bytes = Edit(Saved(), StepAt, span => BinaryPrimitives.WriteInt64LittleEndian(span, 3));

        LoadFails<float>(Target(), bytes, CheckpointError.Malformed).Message
            .Should().Be($"Parameter '{Name}' has taken 3 steps; the optimizer has taken 2.");
    }

    [Fact]
    public void AStepCountEqualToOrBelowTheOptimizers_Loads()
    {
        // The boundary of the rule above: a parameter registered late has taken fewer steps.
        var bytes = Edit(Saved(), StepAt, span => BinaryPrimitives.WriteInt64LittleEndian(span, 1));
        var target = Target();

        Load(target, bytes);

        target.Groups[0].Parameters[0].StepCount.Should().Be(1);
    }

    [Fact]
    public void AUsedBufferSavedAbsent_IsMalformed()
    {
        // Drop Adam's first moment (buffer entry 0) and count one buffer fewer.
        var bytes = Saved();
        var end = RecordEnd(bytes);
        AddToInt32(bytes, end + BuffersAt, -1);
        var edited = Splice(bytes, end + FirstBufferAt, FirstBufferBytes, []);

        LoadFails<float>(Target(), edited, CheckpointError.Malformed).Message
            .Should().Be($"Parameter '{Name}' lacks state slot 0 ('exp_avg'), which its group's options use.");
    }

    [Fact]
    public void ANameTwice_IsMalformed()
    {
        var source = new Adam<float>();
        source.Add("twin-a", new float[Length], new float[Length]);
        source.Add("twin-b", new float[Length], new float[Length]);
        source.Step();
        var bytes = Save(source);
        var second = bytes.AsSpan().IndexOf("twin-b"u8);
        Encoding.ASCII.GetBytes("twin-a").CopyTo(bytes, second);
        var target = new Adam<float>();
        target.Add("twin-a", new float[Length], new float[Length]);
        target.Add("twin-b", new float[Length], new float[Length]);

        LoadFails<float>(target, Reseal(bytes), CheckpointError.Malformed).Message.Should().Contain("'twin-a' appears twice");
    }

    private static byte[] Saved()
    {
        var source = new Adam<float>();
        source.Add(Name, new float[] { 1, 2, 3 }, new float[] { 0.5f, -1, 2 });
        source.Step();
        source.Step();
        return Save(source);
    }

    private static Adam<float> Target()
    {
        var target = new Adam<float>();
        target.Add(Name, new float[] { 9, 9, 9 }, new float[] { 1, 1, 1 });
        target.Step();
        return target;
    }

    /// <summary>Where the record's name ends.</summary>
    private static int RecordEnd(byte[] bytes) => After(bytes, Name);

    private static byte[] Edit(byte[] bytes, int offset, SpanAction edit)
    {
        edit(bytes.AsSpan(RecordEnd(bytes) + offset));
        return Reseal(bytes);
    }

    private delegate void SpanAction(Span<byte> span);
}
