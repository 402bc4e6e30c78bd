using System.Buffers.Binary;
using LearningRate.Checkpoints;
using LearningRate.Optimizers;
using static LearningRate.Tests.Checkpoints.CheckpointTestData;

namespace LearningRate.Tests.Checkpoints;

/// <summary>
/// The container around the optimizer's state (docs/checkpoints.md): the section table, the little-endian
/// byte order of every element, and trailing bytes, each checked on crafted streams.
/// </summary>
public class CheckpointStructureTests
{
    [Fact]
    public void Elements_AreStoredLittleEndian()
    {
        var source = new Adam<float>();
        source.Add("p", new float[] { 1.5f, -2f }, new float[2]);
        var doubles = new Adam<double>();
        doubles.Add("p", new double[] { 1.5, -2 }, new double[2]);

        // 1.5f = 0x3FC00000 and -2f = 0xC0000000, low byte first; 1.5 = 0x3FF8000000000000.
        Save(source).AsSpan().IndexOf(new byte[] { 0x00, 0x00, 0xC0, 0x3F, 0x00, 0x00, 0x00, 0xC0 }).Should().BePositive();
        Save(doubles).AsSpan().IndexOf(new byte[] { 0, 0, 0, 0, 0, 0, 0xF8, 0x3F, 0, 0, 0, 0, 0, 0, 0, 0xC0 }).Should().BePositive();
    }

    [Fact]
    public void TrailingBytesInTheOptimizerSection_AreMalformed()
    {
        var bytes = Grow(SaveOne(), atSectionEnd: true);

        LoadFails<float>(Target(), bytes, CheckpointError.Malformed).Message.Should().Be("The optimizer section has 3 unread bytes at its end.");
    }

    [Fact]
    public void TrailingBytesAfterTheSectionTable_AreMalformed()
    {
        var bytes = Grow(SaveOne(), atSectionEnd: false);

        LoadFails<float>(Target(), bytes, CheckpointError.Malformed).Message.Should().Be("The section table has 3 unread bytes at its end.");
    }

    [Fact]
    public void NoOptimizerSection_IsASectionMismatch()
    {
        var bytes = Write(new Part("notes", w => w.WriteInt32(1)));

        LoadFails<float>(Target(), bytes, CheckpointError.SectionMismatch, strict: false).Message.Should().Contain("'optimizer'");
    }

    [Fact]
    public void ASectionTwice_IsMalformed()
    {
        var bytes = Write(Target(), new Part("notes", _ => { }), new Part("notes", _ => { }));

        LoadFails<float>(Target(), bytes, CheckpointError.Malformed, strict: false).Message.Should().Be("Section 'notes' appears twice.");
    }

    [Fact]
    public void AnEmptyExtraSection_IsAcceptedWhenNotStrict()
    {
        var source = Target();
        source.Step();
        var target = Target();

        Load(target, Write(source, new Part("notes", _ => { })), strict: false);

        target.StepCount.Should().Be(1);
    }

    [Fact]
    public void ASectionLongerThanThePayload_IsMalformed()
    {
        var bytes = SaveOne();
        var at = OptimizerSectionLengthAt;
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at), BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(at)) + 1);

        LoadFails<float>(Target(), Reseal(bytes), CheckpointError.Malformed).Message.Should().Contain("Section 'optimizer' declares");
    }

    [Fact]
    public void Load_UnreadableStream_ThrowsNamingIt()
    {
        using var writeOnly = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.Write, FileShare.None, 4096, FileOptions.DeleteOnClose);

        FluentActions.Invoking(() => Checkpoint.Load(Target(), writeOnly)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("stream");
    }

    [Fact]
    public void Save_FlushesTheStream()
    {
        using var stream = new FlushCountingStream();

        Checkpoint.Save(Target(), stream);

        stream.Flushes.Should().BePositive();
    }

    private static byte[] SaveOne()
    {
        var source = Target();
        source.Step();
        return Save(source);
    }

    private static Adam<float> Target()
    {
        var adam = new Adam<float>();
        adam.Add("p", new float[] { 1, 2 }, new float[] { 0.5f, 0.25f });
        return adam;
    }

    private static byte[] Write(params ICheckpointPart[] parts)
    {
        using var stream = new MemoryStream();
        Checkpoint.WriteParts(stream, parts);
        return stream.ToArray();
    }

    /// <summary>Appends three bytes to the payload, inside the (only) section or after the section table, and reseals.</summary>
    private static byte[] Grow(byte[] bytes, bool atSectionEnd)
    {
        var grown = bytes[..^8].Concat(new byte[] { 1, 2, 3 }).Concat(new byte[8]).ToArray();
        AdjustLengths(grown, 3, inOptimizerSection: atSectionEnd);
        return Reseal(grown);
    }

    private sealed class Part(string name, Action<CheckpointWriter> write) : ICheckpointPart
    {
        public string SectionName => name;

        public void Write(CheckpointWriter writer) => write(writer);

        public Action<CheckpointSource> Prepare(CheckpointReader reader, bool strict, int version) => _ => { };
    }

    private sealed class FlushCountingStream : MemoryStream
    {
        public int Flushes { get; private set; }

        public override void Flush()
        {
            Flushes++;
            base.Flush();
        }
    }
}
