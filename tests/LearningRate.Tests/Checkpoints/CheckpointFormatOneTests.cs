using System.Buffers.Binary;
using LearningRate.Checkpoints;
using LearningRate.Optimizers;
using LearningRate.Tests.Checkpoints.V1;
using static LearningRate.Tests.Checkpoints.CheckpointTestData;

namespace LearningRate.Tests.Checkpoints;

/// <summary>
/// The rules only format 1 has (CLR type names, the element size, a flags byte, a slot count and positional
/// slots, a controller kind byte after its type name), on the committed format-1 files of Checkpoints/V1 edited
/// and resealed: the reader of old files rejects damage as clearly as the reader of new ones, and changes nothing.
/// </summary>
public class CheckpointFormatOneTests
{
    // A standard run's last record is "b" (5 elements); offsets from the start of its name.
    private const int BLength = 5;
    private const int GroupAt = 5, LengthAt = 9, StepAt = 13, FlagsAt = 21, SlotsAt = 22, FirstSlotAt = 26;

    [Fact]
    public void TheUneditedRecord_IsWhereTheLayoutPutsIt()
    {
        var bytes = FormatOneFile("adam-float");
        var at = LastRecordAt(bytes, present: 2, absent: 1, sizeof(float));

        bytes.AsSpan(at, 5).ToArray().Should().Equal(1, 0, 0, 0, (byte)'b');
        BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + GroupAt)).Should().Be(0);
        BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + LengthAt)).Should().Be(BLength);
        BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(at + StepAt)).Should().Be(V1Cases.SavedAfter);
        bytes[at + FlagsAt].Should().Be(0);
        BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + SlotsAt)).Should().Be(3, "Adam kept m, v and AMSGrad's running maximum");
        Load(Target("adam-float"), bytes);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0x80)]
    [InlineData(1)] // bit 0 is SGD's "momentum started": Adam has no such flag
    public void UndefinedFlags_AreMalformed(byte flags)
    {
        var bytes = EditRecord("adam-float", FlagsAt, span => span[0] = flags);

        LoadFails<float>(Target("adam-float"), bytes, CheckpointError.Malformed).Message.Should().Contain($"0x{flags:X2}");
    }

    [Fact]
    public void TheMomentumStartedBit_IsSgdsFlag()
    {
        var bytes = FormatOneFile("sgd-nesterov-float");
        var at = LastRecordAt(bytes, present: 1, absent: 0, sizeof(float));
        bytes[at + FlagsAt].Should().Be(1, "SGD with momentum has started its buffer after six steps");
        bytes[at + FlagsAt] = 2;

        LoadFails<float>(Target("sgd-nesterov-float"), Reseal(bytes), CheckpointError.Malformed).Message
            .Should().Be("Parameter 'b' has flags 0x02; only bit 0 is defined.");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(-1)]
    public void AnotherSlotCount_IsMalformed(int slots)
    {
        var bytes = EditRecord("adam-float", SlotsAt, span => BinaryPrimitives.WriteInt32LittleEndian(span, slots));

        LoadFails<float>(Target("adam-float"), bytes, CheckpointError.Malformed).Message
            .Should().Be($"Parameter 'b' has {slots} state slots; Adam has 3.");
    }

    [Fact]
    public void AUsedSlotSavedAbsent_IsMalformed()
    {
        // Slot 0 (Adam's first moment) is present: drop its elements and mark it absent.
        var bytes = FormatOneFile("adam-float");
        var slot = LastRecordAt(bytes, present: 2, absent: 1, sizeof(float)) + FirstSlotAt;
        bytes[slot].Should().Be(1);

        var edited = Splice(bytes, slot, 1 + (BLength * sizeof(float)), [0]);

        LoadFails<float>(Target("adam-float"), edited, CheckpointError.Malformed).Message
            .Should().Be("Parameter 'b' lacks state slot 0 ('exp_avg'), which its group's options use.");
    }

    [Fact]
    public void ANegativeSecondMoment_IsMalformed_AsInFormat2()
    {
        var bytes = FormatOneFile("adam-double");
        var v = LastRecordAt(bytes, present: 2, absent: 1, sizeof(double)) + FirstSlotAt + 1 + (BLength * sizeof(double)) + 1;
        BitConverter.GetBytes(-0.25).CopyTo(bytes, v + (3 * sizeof(double)));

        LoadFails<double>(Target("adam-double"), Reseal(bytes), CheckpointError.Malformed).Message
            .Should().Be("Element 3 of slot 1 ('exp_avg_sq') of parameter 'b' breaks its invariant (NonNegative).");
    }

    [Fact]
    public void AStepCountBeyondTheOptimizers_IsMalformed()
    {
        var bytes = EditRecord("adam-float", StepAt, span => BinaryPrimitives.WriteInt64LittleEndian(span, V1Cases.SavedAfter + 1));

        LoadFails<float>(Target("adam-float"), bytes, CheckpointError.Malformed).Message
            .Should().Be($"Parameter 'b' has taken {V1Cases.SavedAfter + 1} steps; the optimizer has taken {V1Cases.SavedAfter}.");
    }

    [Theory]
    [InlineData(GroupAt, 1, "group 1")]
    [InlineData(LengthAt, -1, "the length of parameter 'b' is -1")]
    public void AnInt32FieldOutOfRange_IsMalformed(int offset, int value, string named)
    {
        var bytes = EditRecord("adam-float", offset, span => BinaryPrimitives.WriteInt32LittleEndian(span, value));

        LoadFails<float>(Target("adam-float"), bytes, CheckpointError.Malformed).Message.Should().Contain(named);
    }

    [Fact]
    public void TheKind_IsTheClassName_AndTheElementSize_FollowsIt()
    {
        var bytes = FormatOneFile("adam-float");
        var size = After(bytes, "Adam");
        bytes[size].Should().Be(4);

        LoadFails<float>(Target("adamw-float"), bytes, CheckpointError.KindMismatch).Message
            .Should().Be("The checkpoint holds the state of Adam; this optimizer is AdamW.");
        LoadFails<double>(Target("adam-double"), bytes, CheckpointError.ElementTypeMismatch).Message
            .Should().Be("The checkpoint holds float elements; this optimizer is over double.");
        bytes[size] = 2;
        LoadFails<float>(Target("adam-float"), Reseal(bytes), CheckpointError.ElementTypeMismatch).Message.Should().Contain("2-byte");
    }

    [Fact]
    public void TheOptionsType_IsTheRecordsClassName()
    {
        var bytes = FormatOneFile("adam-float");
        var target = new Adam<float>(new AdamWOptions { LearningRate = 0.05 });
        target.Add("w", new float[37], new float[37]);
        target.Add("b", new float[BLength], new float[BLength]);

        LoadFails<float>(target, bytes, CheckpointError.KindMismatch).Message.Should().Be("Group 0 was saved with AdamOptions but has AdamWOptions here.");
    }

    [Fact]
    public void AScheduleTypeName_IsCheckedAsItsKind()
    {
        LoadFails<float>(Target("schedule-step"), FormatOneFile("schedule-cosine"), CheckpointError.ScheduleMismatch).Message
            .Should().Be("The checkpoint was saved with the learning-rate schedule of group 0 of kind 'cosine'; one of kind 'step-decay' is bound here.");
    }

    [Theory]
    [InlineData(2)] // a bold driver's kind under the type name ReduceOnPlateau
    [InlineData(0)] // a plateau saved as a caller's own controller
    public void AControllerKindThatDoesNotFitItsType_IsMalformed(byte kind)
    {
        var bytes = FormatOneFile("controller-plateau");
        var at = After(bytes, "ReduceOnPlateau");
        bytes[at].Should().Be(1, "format 1 wrote kind 1 after ReduceOnPlateau");
        bytes[at] = kind;

        LoadFails<float>(Target("controller-plateau"), Reseal(bytes), CheckpointError.Malformed).Message
            .Should().Be($"Controller 0 of group 0 has kind {kind}, which does not fit its type ReduceOnPlateau.");
    }

    [Fact]
    public void AnUnknownControllerType_WithAStateKind_IsMalformed()
    {
        var bytes = FormatOneFile("controller-plateau");
        var at = After(bytes, "ReduceOnPlateau") - "ReduceOnPlateau".Length;
        "ReduceOnPlateaX"u8.CopyTo(bytes.AsSpan(at));

        LoadFails<float>(Target("controller-plateau"), Reseal(bytes), CheckpointError.Malformed).Message
            .Should().Be("Controller 0 of group 0 has kind 1, which does not fit its type ReduceOnPlateaX.");
    }

    private static IOptimizer Target(string name) => V1Cases.All[name](true).Optimizer;

    /// <summary>Where the record of "b" starts: the checksum, the values and the slots come after it.</summary>
    private static int LastRecordAt(byte[] bytes, int present, int absent, int elementSize) =>
        bytes.Length - 8 - (FirstSlotAt + (present * (1 + (BLength * elementSize))) + absent + (BLength * elementSize));

    private static byte[] EditRecord(string file, int offset, SpanAction edit)
    {
        var bytes = FormatOneFile(file);
        edit(bytes.AsSpan(LastRecordAt(bytes, present: 2, absent: 1, sizeof(float)) + offset));
        return Reseal(bytes);
    }

    private delegate void SpanAction(Span<byte> span);
}
