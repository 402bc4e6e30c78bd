using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace LearningRate.Checkpoints;

/// <summary>
/// Reads little-endian fields from a checksum-verified payload. Every read checks the bytes left and
/// throws <see cref="CheckpointException"/> (<see cref="CheckpointError.Malformed"/>) instead of running past the end.
/// </summary>
internal ref struct CheckpointReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public CheckpointReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Remaining => _data.Length - _position;

    /// <summary>Reverses each element's bytes on a big-endian machine; the format is little-endian.</summary>
    public static void ToLittleEndian<T>(Span<byte> bytes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (BitConverter.IsLittleEndian)
        {
            return;
        }

        if (typeof(T) == typeof(float))
        {
            BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, uint>(bytes), MemoryMarshal.Cast<byte, uint>(bytes));
        }
        else
        {
            BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ulong>(bytes), MemoryMarshal.Cast<byte, ulong>(bytes));
        }
    }

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
            return new UTF8Encoding(false, true).GetString(Take(count, field));
        }
        catch (DecoderFallbackException e)
        {
            throw new CheckpointException(CheckpointError.Malformed, $"{field} is not valid UTF-8.", e);
        }
    }

    public ReadOnlySpan<byte> ReadBytes(int count, string field) => Take(count, field);

    /// <summary>Reads <paramref name="count"/> elements of <paramref name="elementSize"/> bytes into a new array, in machine order.</summary>
    public byte[] ReadRaw(long count, int elementSize, string field)
    {
        if (count < 0 || count > Remaining / elementSize)
        {
            throw Malformed($"{field} declares {count} elements of {elementSize} bytes; {Remaining} bytes are left.");
        }

        var bytes = Take((int)count * elementSize, field).ToArray();
        ToLittleEndian(bytes, elementSize);
        return bytes;
    }

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

    /// <summary>Reads <paramref name="length"/> elements into a new array.</summary>
    public T[] ReadElements<T>(int length, string field)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var size = Unsafe.SizeOf<T>();
        if ((long)length * size > Remaining)
        {
            throw Malformed($"{field} needs {(long)length * size} bytes; {Remaining} are left.");
        }

        var values = new T[length];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        Take(bytes.Length, field).CopyTo(bytes);
        ToLittleEndian<T>(bytes);
        return values;
    }

    /// <summary>Throws unless every byte was read: <paramref name="whole"/> names what was read, as in "The optimizer section".</summary>
    public readonly void ExpectEnd(string whole)
    {
        if (Remaining != 0)
        {
            throw Malformed($"{whole} has {Remaining} unread bytes at its end.");
        }
    }

    public static CheckpointException Malformed(string message) => new(CheckpointError.Malformed, message);

    private ReadOnlySpan<byte> Take(int count, string field)
    {
        if (count < 0 || count > Remaining)
        {
            throw Malformed($"The checkpoint ends inside {field}: {count} bytes needed, {Remaining} left.");
        }

        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }
}
