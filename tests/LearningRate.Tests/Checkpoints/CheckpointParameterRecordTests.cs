using System.Buffers.Binary;
using System.Text;
using LearningRate.Checkpoints;
using LearningRate.Optimizers;
using static LearningRate.Tests.Checkpoints.CheckpointTestData;

namespace LearningRate.Tests.Checkpoints;

/// <summary>
/// Crafted parameter records (docs/checkpoints.md: name, int32 group, int32 length, int64 step, uint8
/// flags, int32 slot count, each slot as a presence byte and its elements, then the values), resealed so
/// that each edit reaches the parser: every out-of-range field is Malformed and changes nothing.
/// </summary>
public class CheckpointParameterRecordTests
{
    private const string Name = "parameter-under-test";
    private const int Length = 3;

    // Offsets after the name's bytes.
    private const int GroupAt = 0, LengthAt = 4, StepAt = 8, FlagsAt = 16, SlotsAt = 17, FirstSlotAt = 21;

    [Fact]
    public void TheUneditedRecord_Loads()
    {
        Load(Target(), Saved());
        Record(Saved()).Slots.Should().Be(3, "Adam keeps m, v and AMSGrad's running maximum");
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

    [Fact]
    public void NegativeLength_IsMalformed()
    {
        var bytes = Edit(Saved(), LengthAt, span => BinaryPrimitives.WriteInt32LittleEndian(span, -1));

        LoadFails<float>(Target(), bytes, CheckpointError.Malformed).Message.Should().Contain("length");
    }

    [Fact]
    public void NegativeStepCount_IsMalformed()
    {
        var bytes = Edit(Saved(), StepAt, span => BinaryPrimitives.WriteInt64LittleEndian(span, -1));

        LoadFails<float>(Target(), bytes, CheckpointError.Malformed).Message.Should().Contain("step count");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0x80)]
    public void UndefinedFlags_AreMalformed(byte flags)
    {
        var bytes = Edit(Saved(), FlagsAt, span => span[0] = flags);

        LoadFails<float>(Target(), bytes, CheckpointError.Malformed).Message.Should().Contain($"0x{flags:X2}");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(-1)]
    public void AnotherSlotCount_IsMalformed(int slots)
    {
        var bytes = Edit(Saved(), SlotsAt, span => BinaryPrimitives.WriteInt32LittleEndian(span, slots));

        LoadFails<float>(Target(), bytes, CheckpointError.Malformed).Message.Should().Contain($"{slots} state slots");
    }

    [Fact]
    public void AUsedSlotSavedAbsent_IsMalformed()
    {
        // Slot 0 (Adam's first moment) is present: drop its elements and mark it absent.
        var bytes = Saved();
        var slot = Record(bytes).End + FirstSlotAt;
        bytes[slot].Should().Be(1);
        var edited = bytes[..slot].Concat(new byte[] { 0 }).Concat(bytes[(slot + 1 + (Length * sizeof(float)))..]).ToArray();
        AdjustLengths(edited, -(Length * sizeof(float)));

        LoadFails<float>(Target(), Reseal(edited), CheckpointError.Malformed).Message.Should().Contain("lacks state slot 0");
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

    /// <summary>Where the record's name ends, and its slot count as saved.</summary>
    private static (int End, int Slots) Record(byte[] bytes)
    {
        var end = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(Name)) + Name.Length;
        return (end, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(end + SlotsAt)));
    }

    private static byte[] Edit(byte[] bytes, int offset, SpanAction edit)
    {
        edit(bytes.AsSpan(Record(bytes).End + offset));
        return Reseal(bytes);
    }

    private delegate void SpanAction(Span<byte> span);
}
