using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace LearningRate.Checkpoints;

/// <summary>Appends little-endian fields to a growing buffer; see docs/checkpoints.md for the layout.</summary>
internal sealed class CheckpointWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    /// <summary>A length-prefixed UTF-8 string: u32 byte count, then the bytes.</summary>
    public void WriteString(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteInt32(count);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(count));
        _buffer.Advance(count);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.GetSpan(bytes.Length));
        _buffer.Advance(bytes.Length);
    }

    /// <summary>Elements of <paramref name="elementSize"/> bytes each, given in machine order, as little-endian values.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes, int elementSize)
    {
        var destination = _buffer.GetSpan(bytes.Length)[..bytes.Length];
        bytes.CopyTo(destination);
        CheckpointReader.ToLittleEndian(destination, elementSize);
        _buffer.Advance(bytes.Length);
    }

    /// <summary>Elements as raw little-endian IEEE 754 values.</summary>
    public void WriteElements<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var bytes = MemoryMarshal.AsBytes(values);
        var destination = _buffer.GetSpan(bytes.Length)[..bytes.Length];
        bytes.CopyTo(destination);
        CheckpointReader.ToLittleEndian<T>(destination);
        _buffer.Advance(bytes.Length);
    }
}
