using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace LearningRate.Checkpoints;

/// <summary>Receives the elements of a buffer chunk by chunk: <paramref name="first"/> is the index of the chunk's first element.</summary>
internal delegate void ElementChunk(ReadOnlySpan<byte> chunk, long first);

/// <summary>
/// Reads little-endian fields from a stream through a fixed buffer, appending every byte it takes from the
/// stream to an optional hash. Every read checks the bytes left before <see cref="Limit"/> and throws
/// <see cref="CheckpointException"/> (<see cref="CheckpointError.Malformed"/>) instead of running past it; nothing
/// is allocated by a declared length before those bytes are known to exist.
/// </summary>
internal sealed class CheckpointReader
{
    /// <summary>The buffer size; a multiple of every element size.</summary>
    private const int BufferSize = 1 << 16;

    private readonly Stream _stream;
    private readonly long _end;
    private readonly XxHash3? _hash;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _count;
    private long _fetched;

    /// <summary>Initializes a reader over a copy of <paramref name="data"/>: for fields decoded on their own.</summary>
    public CheckpointReader(ReadOnlySpan<byte> data)
        : this(new MemoryStream(data.ToArray(), writable: false), 0, data.Length, null)
    {
    }

    /// <summary>
    /// Initializes a reader over <paramref name="stream"/>, whose current position is offset
    /// <paramref name="position"/> of the checkpoint; it takes no byte from the stream at or after offset
    /// <paramref name="end"/>, which the stream is known to hold.
    /// </summary>
    public CheckpointReader(Stream stream, long position, long end, XxHash3? hash)
    {
        _stream = stream;
        Position = position;
        _fetched = position;
        _end = end;
        Limit = end;
        _hash = hash;
    }

    /// <summary>Gets the offset, from the checkpoint's first byte, of the next byte to read.</summary>
    public long Position { get; private set; }

    /// <summary>Gets or sets the offset of the end of what is being read (a section's, the payload's); at most the end given at construction.</summary>
    public long Limit { get; set; }

    /// <summary>Gets the bytes left before <see cref="Limit"/>.</summary>
    public long Remaining => Limit - Position;

    /// <summary>Reverses each element's bytes on a big-endian machine (elements of 2, 4 or 8 bytes); the format is little-endian.</summary>
    public static void ToLittleEndian(Span<byte> bytes, int elementSize)
    {
        if (BitConverter.IsLittleEndian || elementSize == 1)
        {
            return;
        }

        switch (elementSize)
        {
            case 2:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ushort>(bytes), MemoryMarshal.Cast<byte, ushort>(bytes));
                break;
            case 4:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, uint>(bytes), MemoryMarshal.Cast<byte, uint>(bytes));
                break;
            default:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ulong>(bytes), MemoryMarshal.Cast<byte, ulong>(bytes));
                break;
        }
    }

    public static CheckpointException Malformed(string message) => new(CheckpointError.Malformed, message);

    public byte ReadByte(string field) => Take(1, field)[0];

    public bool ReadBool(string field)
    {
        var value = ReadByte(field);
        if (value > 1)
        {
            throw Malformed($"{field} is {value}; expected 0 or 1.");
        }

        return value == 1;
    }

    public int ReadInt32(string field) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, field));

    public long ReadInt64(string field) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, field));

    public double ReadDouble(string field) => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, field));

    /// <summary>Reads a count and checks that at least <paramref name="minimumBytesEach"/> bytes per item remain.</summary>
    public int ReadCount(string field, int minimumBytesEach)
    {
        var count = ReadInt32(field);
        if (count < 0 || (long)count * minimumBytesEach > Remaining)
        {
            throw Malformed($"{field} is {count}, more than the {Remaining} bytes left can hold.");
        }

        return count;
    }

    public string ReadString(string field)
    {
        var count = ReadCount(field, 1);
        try
        {
            var decoder = new UTF8Encoding(false, true);
            if (count <= BufferSize)
            {
                return decoder.GetString(Take(count, field));
            }

            // The count is within the bytes left, which the stream holds: the allocation is backed by data.
            var bytes = new byte[count];
            ReadInto(bytes);
            return decoder.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new CheckpointException(CheckpointError.Malformed, $"{field} is not valid UTF-8.", e);
        }
    }

    /// <summary>
    /// Checks that <paramref name="count"/> elements of <paramref name="elementSize"/> bytes are left, then reads them
    /// chunk by chunk through the buffer, handing each chunk (in machine order) to <paramref name="visit"/> when given.
    /// </summary>
    /// <returns>The offset of the first element in the checkpoint, from which a second pass reads them again.</returns>
    public long ReadElements(long count, int elementSize, string field, ElementChunk? visit)
    {
        if (count < 0 || count > Remaining / elementSize)
        {
            throw Malformed($"{field} needs {(count < 0 ? count : (decimal)count * elementSize)} bytes; {Remaining} are left.");
        }

        var offset = Position;
        var left = count * elementSize;
        var first = 0L;
        while (left > 0)
        {
            Ensure(elementSize);
            var length = (int)Math.Min(_count, left);
            length -= length % elementSize;
            var chunk = _buffer.AsSpan(_start, length);
            ToLittleEndian(chunk, elementSize);
            visit?.Invoke(chunk, first);
            Advance(length);
            left -= length;
            first += length / elementSize;
        }

        return offset;
    }

    /// <summary>Reads <paramref name="length"/> elements into a new array (a field decoded on its own).</summary>
    public T[] ReadElements<T>(int length, string field)
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        if ((long)length * size > Remaining)
        {
            throw Malformed($"{field} needs {(long)length * size} bytes; {Remaining} are left.");
        }

        var values = new T[length];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        ReadInto(bytes);
        ToLittleEndian(bytes, size);
        return values;
    }

    /// <summary>Reads and drops <paramref name="count"/> bytes (an unknown section, the rest of a damaged payload).</summary>
    public void Skip(long count, string field) => ReadElements(count, 1, field, null);

    /// <summary>Throws unless every byte was read: <paramref name="whole"/> names what was read, as in "The optimizer section".</summary>
    public void ExpectEnd(string whole)
    {
        if (Remaining != 0)
        {
            throw Malformed($"{whole} has {Remaining} unread bytes at its end.");
        }
    }

    /// <summary>Fills <paramref name="destination"/>: from the buffer first, then straight from the stream.</summary>
    private void ReadInto(Span<byte> destination)
    {
        var buffered = Math.Min(_count, destination.Length);
        _buffer.AsSpan(_start, buffered).CopyTo(destination);
        Advance(buffered);
        var rest = destination[buffered..];
        while (!rest.IsEmpty)
        {
            var read = _stream.Read(rest);
            if (read == 0)
            {
                throw StreamEnded();
            }

            _hash?.Append(rest[..read]);
            _fetched += read;
            Position += read;
            rest = rest[read..];
        }
    }

    private ReadOnlySpan<byte> Take(int count, string field)
    {
        if (count < 0 || count > Remaining)
        {
            throw Malformed($"The checkpoint ends inside {field}: {count} bytes needed, {Remaining} left.");
        }

        Ensure(count);
        var span = _buffer.AsSpan(_start, count);
        Advance(count);
        return span;
    }

    private void Advance(int count)
    {
        _start += count;
        _count -= count;
        Position += count;
    }

    /// <summary>Makes at least <paramref name="count"/> bytes (within the limit, at most the buffer's size) available in the buffer.</summary>
    private void Ensure(int count)
    {
        if (_count >= count)
        {
            return;
        }

        _buffer.AsSpan(_start, _count).CopyTo(_buffer);
        _start = 0;
        while (_count < count)
        {
            var wanted = (int)Math.Min(_buffer.Length - _count, _end - _fetched);
            var read = wanted == 0 ? 0 : _stream.Read(_buffer, _count, wanted);
            if (read == 0)
            {
                throw StreamEnded();
            }

            _hash?.Append(_buffer.AsSpan(_count, read));
            _count += read;
            _fetched += read;
        }
    }

    /// <summary>The stream held fewer bytes than its length said, or changed while being read.</summary>
    private CheckpointException StreamEnded() =>
        new(CheckpointError.Truncated, $"The stream ended at offset {_fetched}, before the end of the payload at {_end}.");
}
