using System.Buffers.Binary;
using System.IO.Hashing;
using LearningRate.Checkpoints;
using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;
using static LearningRate.Tests.Checkpoints.CheckpointTestData;

namespace LearningRate.Tests.Checkpoints;

/// <summary>
/// Save and load stream the checkpoint through fixed buffers: the memory they allocate does not grow with the
/// model, buffers and values that cross the buffers' edges come out whole, the second pass of a load reads the
/// same stream again, and a stream that cannot seek is staged in a temporary file that disappears.
/// </summary>
public class CheckpointStreamingTests
{
    /// <summary>Parameters of 1,000,003 floats: 4 MB of values and 8 MB of Adam state each, many times any buffer.</summary>
    private const int Large = 1_000_003;

    [Fact]
    public void Save_AllocatesAFixedAmount_NotTheModelsSize()
    {
        var source = Trained(Large);
        var sink = new CountingStream();
        Checkpoint.Save(source, sink);

        var allocated = Allocations.Fewest(() => Checkpoint.Save(source, new CountingStream()));

        sink.Length.Should().BeGreaterThan(3L * 2 * Large * sizeof(float), "the checkpoint holds values, m and v of two parameters");
        allocated.Should().BeLessThan(256 * 1024, "a save buffers 64 KiB, whatever the model's size");
    }

    [Fact]
    public void Load_AllocatesAFixedAmount_NotTheModelsSize()
    {
        var bytes = Save(Trained(Large));
        var target = Target(Large);
        using var stream = new MemoryStream(bytes, writable: false);

        var allocated = Allocations.Fewest(() =>
        {
            stream.Position = 0;
            Checkpoint.Load(target, stream);
        });

        allocated.Should().BeLessThan(256 * 1024, "a load reads through a 64 KiB buffer and then straight into the parameters and state");
        Save(target).Should().Equal(bytes);
    }

    [Fact]
    public void AnOddLengthCrossingEveryBufferEdge_RoundTripsByteForByte()
    {
        // Doubles behind a name of odd length: every element run starts off any alignment and spans many buffers.
        var source = new Adam<double>(new AdamOptions { AmsGrad = true });
        var gradient = new double[100_003];
        source.Add("w", new double[100_003], gradient);
        source.Add("odd-name-b", new double[7], new double[7]);
        Train(source, new Random(5), 3, gradient);
        var bytes = Save(source);

        var target = new Adam<double>(new AdamOptions { AmsGrad = true });
        target.Add("w", new double[100_003], new double[100_003]);
        target.Add("odd-name-b", new double[7], new double[7]);
        Load(target, bytes);

        OptimizerSnapshot.Of<double>(target).Should().Be(OptimizerSnapshot.Of<double>(source));
        Save(target).Should().Equal(bytes);
    }

    [Fact]
    public void AnInvariantBrokenFarIntoABuffer_NamesTheElementsIndexInTheWholeBuffer()
    {
        var source = Trained(Large);
        var bytes = Save(source);

        // exp_avg_sq of the first parameter: its elements follow the buffer's name, tag (1) and length (8).
        var at = After(bytes, "exp_avg_sq") + 1 + 8 + (70_001 * sizeof(float));
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(at), -1f);

        LoadFails<float>(Target(Large), Reseal(bytes), CheckpointError.Malformed).Message
            .Should().Be("Element 70001 of buffer 'exp_avg_sq' of parameter 'a' breaks its invariant (NonNegative).");
    }

    [Fact]
    public void Load_FromASeekableStream_StopsAfterTheChecksum()
    {
        var bytes = Save(Trained(1000));
        using var stream = new MemoryStream([.. bytes, 42, 43]);

        Checkpoint.Load(Target(1000), stream);

        stream.Position.Should().Be(bytes.Length, "the second pass reads the same stream, and the position ends after the checksum");
    }

    [Fact]
    public void Load_FromAStreamThatCannotSeek_StagesItAndDeletesTheStagedFile()
    {
        var bytes = Save(Trained(1000));
        var before = StagedFiles();

        var target = Target(1000);
        using (var stream = new ForwardOnlyStream([.. bytes, 7]))
        {
            Checkpoint.Load(target, stream);
            stream.ReadByte().Should().Be(7, "staging copies up to the checksum's last byte");
        }

        var damaged = bytes.ToArray();
        damaged[bytes.Length / 2] ^= 4;
        var fails = () => Checkpoint.Load(Target(1000), new ForwardOnlyStream(damaged));
        fails.Should().Throw<CheckpointException>().Which.Error.Should().Be(CheckpointError.ChecksumMismatch);
        var cut = () => Checkpoint.Load(Target(1000), new ForwardOnlyStream(bytes[..^3]));
        cut.Should().Throw<CheckpointException>().Which.Error.Should().Be(CheckpointError.Truncated);

        Save(target).Should().Equal(bytes);
        StagedFiles().Should().BeSubsetOf(before, "the staged copy is deleted when the load ends, whatever the outcome");
    }

    [Fact]
    public void TheChecksum_IsTheXxHash3OfEverythingBeforeIt()
    {
        var bytes = Save(Trained(Large));

        BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8)).Should().Be(XxHash3.HashToUInt64(bytes.AsSpan(0, bytes.Length - 8)));
        BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8)).Should().Be(bytes.Length - 24, "the header's payload length, written before the payload");
    }

    private static string[] StagedFiles() => Directory.GetFiles(Path.GetTempPath(), ".learningrate-checkpoint-*.tmp");

    private static Adam<float> Trained(int length)
    {
        var adam = new Adam<float>(new AdamOptions { LearningRate = 0.01 });
        var a = new float[length];
        var b = new float[length];
        adam.Add("a", new float[length], a);
        adam.Add("b", new float[length], b);
        Train(adam, new Random(3), 2, a, b);
        return adam;
    }

    private static Adam<float> Target(int length)
    {
        var adam = new Adam<float>(new AdamOptions { LearningRate = 0.01 });
        adam.Add("a", new float[length], new float[length]);
        adam.Add("b", new float[length], new float[length]);
        return adam;
    }

    /// <summary>A write-only stream that keeps nothing: it only counts.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>A stream that reads forward only, as a pipe or a socket does.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data, writable: false);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
