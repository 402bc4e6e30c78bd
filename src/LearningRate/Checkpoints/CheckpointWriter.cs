using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace LearningRate.Checkpoints;

/// <summary>
/// Writes little-endian fields (docs/checkpoints.md gives the layout) through a fixed buffer to a stream, feeding
/// every byte to an optional hash; or only counts them, which is how a save learns each section's length before
/// it writes it. The memory used is the buffer, whatever the size of the elements written.
/// </summary>
internal sealed class CheckpointWriter
{
    /// <summary>The buffer size: large enough that small fields cost no call per field, small enough to be a constant.</summary>
    private const int BufferSize = 1 << 16;

    /// <summary>The bytes handed to the stream (or hash) in one call, at most: keeps every span's byte count an int.</summary>
    private const int MaxDirectBytes = 1 << 30;

    private readonly Stream? _stream;
    private readonly XxHash3? _hash;
    private readonly byte[] _buffer;
    private int _buffered;

    /// <summary>Initializes a writer that keeps what it writes in memory (<see cref="Written"/>): for fields encoded on their own.</summary>
    public CheckpointWriter()
        : this(new MemoryStream(), null, BufferSize)
    {
    }

    private CheckpointWriter(Stream? stream, XxHash3? hash, int bufferSize)
    {
        _stream = stream;
        _hash = hash;
        _buffer = new byte[bufferSize];
    }

    /// <summary>Gets the number of bytes written so far (or counted).</summary>
    public long Position { get; private set; }

    /// <summary>Gets the bytes written, for a writer made by the parameterless constructor.</summary>
    public ReadOnlySpan<byte> Written
    {
        get
        {
            Flush();
            var memory = (MemoryStream)_stream!;
            return memory.GetBuffer().AsSpan(0, (int)memory.Length);
        }
    }

    /// <summary>A writer that writes nothing and counts the bytes: the measuring pass of a save.</summary>
    public static CheckpointWriter Counting() => new(null, null, 16);

    /// <summary>A writer to <paramref name="stream"/> that appends every byte to <paramref name="hash"/>.</summary>
    public static CheckpointWriter To(Stream stream, XxHash3 hash) => new(stream, hash, BufferSize);

    public void WriteByte(byte value) => Reserve(1)[0] = value;

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);

    public void WriteDouble(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Reserve(8), value);

    /// <summary>A length-prefixed UTF-8 string: int32 byte count, then the bytes.</summary>
    public void WriteString(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteInt32(count);
        if (_stream is null)
        {
            Position += count;
            return;
        }

        if (count <= BufferSize)
        {
            Encoding.UTF8.GetBytes(value, Reserve(count));
        }
        else
        {
            WriteBytes(Encoding.UTF8.GetBytes(value));
        }
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes) => WriteElements(bytes);

    /// <summary>Elements as little-endian values, in chunks: nothing is copied as a whole.</summary>
    public void WriteElements<TElement>(ReadOnlySpan<TElement> values)
        where TElement : unmanaged
    {
        var size = Unsafe.SizeOf<TElement>();
        if (_stream is null)
        {
            Position += (long)values.Length * size;
            return;
        }

        if (BitConverter.IsLittleEndian && values.Length * (long)size >= BufferSize)
        {
            // Machine order is file order: hand the caller's memory to the stream as it is.
            Flush();
            var perCall = MaxDirectBytes / size;
            for (var start = 0; start < values.Length; start += perCall)
            {
                var bytes = MemoryMarshal.AsBytes(values.Slice(start, Math.Min(perCall, values.Length - start)));
                _stream.Write(bytes);
                _hash?.Append(bytes);
                Position += bytes.Length;
            }

            return;
        }

        var perChunk = BufferSize / size;
        for (var start = 0; start < values.Length; start += perChunk)
        {
            var chunk = values.Slice(start, Math.Min(perChunk, values.Length - start));
            var destination = Reserve(chunk.Length * size);
            MemoryMarshal.AsBytes(chunk).CopyTo(destination);
            CheckpointReader.ToLittleEndian(destination, size);
        }
    }

    /// <summary>Hands the buffered bytes to the stream and the hash.</summary>
    public void Flush()
    {
        if (_buffered > 0 && _stream is not null)
        {
            _stream.Write(_buffer, 0, _buffered);
            _hash?.Append(_buffer.AsSpan(0, _buffered));
        }

        _buffered = 0;
    }

    /// <summary>Returns the next <paramref name="count"/> bytes (at most the buffer's size) to fill, flushing first when they do not fit.</summary>
    private Span<byte> Reserve(int count)
    {
        Position += count;
        if (_stream is null)
        {
            return _buffer.AsSpan(0, count);
        }

        if (_buffered + count > _buffer.Length)
        {
            Flush();
        }

        var span = _buffer.AsSpan(_buffered, count);
        _buffered += count;
        return span;
    }
}
