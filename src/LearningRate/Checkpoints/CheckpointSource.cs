using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LearningRate.Checkpoints;

/// <summary>
/// The second pass of a load: reads element runs that the first pass verified straight from the seekable stream
/// into their destination (a parameter's values, a state buffer), in chunks, with no copy in between.
/// </summary>
/// <param name="stream">The seekable stream holding the checkpoint.</param>
/// <param name="origin">The stream position of the checkpoint's first byte.</param>
internal sealed class CheckpointSource(Stream stream, long origin)
{
    /// <summary>The bytes read from the stream in one call, at most: keeps every span's byte count an int.</summary>
    private const int MaxBytesPerRead = 1 << 30;

    /// <summary>Fills <paramref name="destination"/> with the elements stored at <paramref name="offset"/> of the checkpoint.</summary>
    /// <exception cref="IOException">The stream fails, or ends early (it changed since the first pass).</exception>
    public void Read<TElement>(long offset, Span<TElement> destination)
        where TElement : unmanaged
    {
        var size = Unsafe.SizeOf<TElement>();
        if (stream.Position != origin + offset)
        {
            stream.Position = origin + offset;
        }

        var perRead = MaxBytesPerRead / size;
        for (var start = 0; start < destination.Length; start += perRead)
        {
            var bytes = MemoryMarshal.AsBytes(destination.Slice(start, Math.Min(perRead, destination.Length - start)));
            stream.ReadExactly(bytes);
            CheckpointReader.ToLittleEndian(bytes, size);
        }
    }
}
