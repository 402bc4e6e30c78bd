using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LearningRate.Checkpoints;
using LearningRate.Optimizers;
using Xunit.Abstractions;

namespace LearningRate.Tests.Checkpoints;

/// <summary>
/// A checkpoint above 4 GiB, saved and loaded without 4 GiB of disk or of extra memory: the save streams into a
/// sink that checks every value byte against the pattern the parameters hold and keeps only the bytes around
/// them; the load reads a stream that replays those bytes and regenerates the values. Runs once per CI run
/// (Category=Large, excluded from the narrower SIMD passes), alone: it holds 4.3 GB of parameters.
/// </summary>
[Trait("Category", "Large")]
[Collection(nameof(CheckpointLargeTests))]
[CollectionDefinition(nameof(CheckpointLargeTests), DisableParallelization = true)]
public sealed class CheckpointLargeTests(ITestOutputHelper output)
{
    /// <summary>Four parameters of 270 million floats: 4.32 GB of values, past 2^32 bytes.</summary>
    private const int ParameterLength = 270_000_000;

    private const int ParameterCount = 4;

    [Fact]
    public void ACheckpointAbove4GiB_SavesAndLoadsBackBitIdentically_InBoundedMemory()
    {
        BitConverter.IsLittleEndian.Should().BeTrue("the pattern is generated in machine order");
        var clock = Stopwatch.StartNew();
        var values = new NativeFloats[ParameterCount];
        var gradients = new NativeFloats[ParameterCount];
        try
        {
            var optimizer = new Sgd<float>(new SgdOptions { LearningRate = 0.1 });
            for (var k = 0; k < ParameterCount; k++)
            {
                values[k] = new NativeFloats(ParameterLength);
                gradients[k] = new NativeFloats(ParameterLength); // never touched: virtual memory only
                Pattern.Fill(k, values[k].Memory.Span);
                optimizer.Add($"layer{k}", values[k].Memory, gradients[k].Memory);
            }

            var saved = new PatternRecorder();
            long loadAllocated;
            TimeSpan loadTime;
            var saveStart = clock.Elapsed;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            Checkpoint.Save(optimizer, saved);
            var saveAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var saveTime = clock.Elapsed - saveStart;
            var recording = saved.Finish();

            recording.Length.Should().BeGreaterThan(1L << 32);
            recording.Length.Should().Be(16 + 8 + recording.DeclaredPayloadLength, "the header's payload length counts every byte between header and checksum");
            recording.StoredChecksum.Should().Be(recording.ComputedChecksum, "the checksum is the XxHash3 of everything before it");

            foreach (var value in values)
            {
                value.Memory.Span.Clear();
            }

            using (var replay = new ReplayStream(recording))
            {
                var loadStart = clock.Elapsed;
                allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                Checkpoint.Load(optimizer, replay);
                loadAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
                loadTime = clock.Elapsed - loadStart;
                replay.Position.Should().Be(recording.Length);
            }

            for (var k = 0; k < ParameterCount; k++)
            {
                Pattern.Matches(k, values[k].Memory.Span).Should().BeTrue($"parameter {k} holds its saved values again");
            }

            var again = new PatternRecorder();
            Checkpoint.Save(optimizer, again);
            SameBytes(again.Finish(), recording).Should().BeTrue("loading and saving again reproduces the file byte for byte");

            saveAllocated.Should().BeLessThan(1 << 20, "a save streams through a fixed buffer");
            loadAllocated.Should().BeLessThan(1 << 20, "a load streams through a fixed buffer and then into the parameters");
            using var process = Process.GetCurrentProcess();
            output.WriteLine(
                $"{recording.Length:N0} bytes; save (with the pattern check) {saveTime.TotalSeconds:F1} s, load {loadTime.TotalSeconds:F1} s, whole test {clock.Elapsed.TotalSeconds:F1} s; peak working set {process.PeakWorkingSet64 / 1e9:F2} GB; " +
                $"allocated by the save {saveAllocated:N0} bytes, by the load {loadAllocated:N0} bytes");
        }
        finally
        {
            foreach (var memory in values.Concat(gradients))
            {
                (memory as IDisposable)?.Dispose();
            }
        }
    }

    /// <summary>Whether two recordings stand for the same bytes: the same literals and the same pattern runs, in the same order.</summary>
    private static bool SameBytes(Recording a, Recording b) =>
        a.Length == b.Length
        && a.StoredChecksum == b.StoredChecksum
        && a.Segments.Count == b.Segments.Count
        && a.Segments.Zip(b.Segments).All(pair =>
            pair.First.Parameter == pair.Second.Parameter
            && pair.First.Length == pair.Second.Length
            && (pair.First.Literal ?? []).AsSpan().SequenceEqual(pair.Second.Literal ?? []));

    /// <summary>
    /// The value of element i of parameter k: a float in [1, 2) whose mantissa mixes i mod 1,000,003 (a prime, so no
    /// buffer size is a multiple of the period) and k, so that a value written to the wrong place or the wrong
    /// parameter differs. Periodic, so that generating and checking 4 GB costs copies, not arithmetic.
    /// </summary>
    private static class Pattern
    {
        private const int Period = 1_000_003;

        private static readonly float[][] s_periods = [.. Enumerable.Range(0, ParameterCount).Select(OnePeriod)];

        public static void Fill(int k, Span<float> values)
        {
            for (var start = 0; start < values.Length; start += Period)
            {
                var chunk = values.Slice(start, Math.Min(Period, values.Length - start));
                s_periods[k].AsSpan(0, chunk.Length).CopyTo(chunk);
            }
        }

        public static bool Matches(int k, ReadOnlySpan<float> values)
        {
            for (var start = 0; start < values.Length; start += Period)
            {
                var chunk = values.Slice(start, Math.Min(Period, values.Length - start));
                if (!MemoryMarshal.AsBytes(chunk).SequenceEqual(MemoryMarshal.AsBytes(s_periods[k].AsSpan(0, chunk.Length))))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Writes the little-endian bytes of parameter k from byte <paramref name="offset"/> on (a little-endian machine's order).</summary>
        public static void Bytes(int k, long offset, Span<byte> destination)
        {
            var period = MemoryMarshal.AsBytes(s_periods[k].AsSpan());
            var at = (int)(offset % period.Length);
            while (!destination.IsEmpty)
            {
                var take = Math.Min(period.Length - at, destination.Length);
                period.Slice(at, take).CopyTo(destination);
                destination = destination[take..];
                at = 0;
            }
        }

        private static float[] OnePeriod(int k)
        {
            var values = new float[Period];
            for (var i = 0; i < Period; i++)
            {
                values[i] = BitConverter.Int32BitsToSingle(0x3F80_0000 | (int)((((ulong)i * 0x9E37_79B1UL) + ((ulong)k * 0x85EB_CA6BUL)) >> 9 & 0x7F_FFFF));
            }

            return values;
        }
    }

    /// <summary>
    /// Floats in native memory, mapped on Linux with transparent huge pages when the kernel offers them (first touches
    /// of 4 KiB pages cost seconds per gigabyte on virtual machines); untouched pages cost no physical memory.
    /// </summary>
    private sealed class NativeFloats : MemoryManager<float>
    {
        private const int ProtectReadWrite = 0x3;
        private const int MapPrivateAnonymous = 0x22;
        private const int AdviseHugePages = 14;

        private readonly int _length;
        private readonly nuint _bytes;
        private nint _address;

        public NativeFloats(int length)
        {
            _length = length;
            _bytes = (nuint)length * sizeof(float);
            if (OperatingSystem.IsLinux())
            {
                _address = Map(0, _bytes, ProtectReadWrite, MapPrivateAnonymous, -1, 0);
                if (_address == -1)
                {
                    throw new OutOfMemoryException($"mmap of {_bytes} bytes failed: errno {Marshal.GetLastPInvokeError()}.");
                }

                _ = Advise(_address, _bytes, AdviseHugePages); // a hint: without huge pages the test is only slower
            }
            else
            {
                _address = Marshal.AllocHGlobal((nint)_bytes);
            }
        }

        public override Span<float> GetSpan() =>
            MemoryMarshal.CreateSpan(ref Unsafe.AddByteOffset(ref Unsafe.NullRef<float>(), _address), _length);

        public override MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException();

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
            if (_address == 0)
            {
                return;
            }

            if (OperatingSystem.IsLinux())
            {
                _ = Unmap(_address, _bytes);
            }
            else
            {
                Marshal.FreeHGlobal(_address);
            }

            _address = 0;
        }

        [DllImport("libc", EntryPoint = "mmap", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern nint Map(nint address, nuint length, int protection, int flags, int descriptor, nint offset);

        [DllImport("libc", EntryPoint = "madvise")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern int Advise(nint address, nuint length, int advice);

        [DllImport("libc", EntryPoint = "munmap")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern int Unmap(nint address, nuint length);
    }

    /// <summary>A checkpoint as literal byte runs and pattern runs (parameter k, byte count), in stream order.</summary>
    private sealed record Recording(IReadOnlyList<(byte[]? Literal, int Parameter, long Length)> Segments, long Length, long DeclaredPayloadLength, ulong StoredChecksum, ulong ComputedChecksum);

    /// <summary>
    /// A write-only sink: keeps the bytes outside the parameters' values, checks every value byte against the
    /// pattern as it arrives (it finds a parameter's values by their first 64 bytes), and hashes everything.
    /// </summary>
    private sealed class PatternRecorder : Stream
    {
        private const int Marker = 64;
        private readonly List<(byte[]? Literal, int Parameter, long Length)> _segments = [];
        private readonly MemoryStream _literal = new();
        private readonly XxHash3 _hash = new();
        private readonly byte[] _expected = new byte[1 << 20];
        private readonly byte[][] _markers = [.. Enumerable.Range(0, ParameterCount).Select(k => MarkerOf(k))];
        private int _parameter;
        private long _matched = -1;
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

        public Recording Finish()
        {
            _matched.Should().Be(-1, "every parameter's values were written whole");
            _parameter.Should().Be(ParameterCount, "every parameter's values were found");
            var tail = _literal.ToArray();
            _hash.Append(tail.AsSpan(0, tail.Length - 8));
            _segments.Add((tail, -1, tail.Length));
            var header = _segments[0].Literal!;
            return new Recording(
                _segments,
                _length,
                BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(8)),
                BinaryPrimitives.ReadUInt64LittleEndian(tail.AsSpan(tail.Length - 8)),
                _hash.GetCurrentHashAsUInt64());
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _length += buffer.Length;
            while (!buffer.IsEmpty)
            {
                if (_matched < 0)
                {
                    // Byte by byte until the next parameter's first 64 value bytes end the literal: only the
                    // few kilobytes of fields and names go this way.
                    _literal.WriteByte(buffer[0]);
                    buffer = buffer[1..];
                    if (_literal.Length > 1 << 20)
                    {
                        throw new InvalidDataException($"The values of parameter {_parameter} do not start within a megabyte of the previous ones, or differ from the pattern from their first byte.");
                    }

                    if (_parameter < ParameterCount && _literal.Length >= Marker && _literal.GetBuffer().AsSpan((int)_literal.Length - Marker, Marker).SequenceEqual(_markers[_parameter]))
                    {
                        var literal = _literal.ToArray()[..^Marker];
                        _hash.Append(literal);
                        _hash.Append(_markers[_parameter]);
                        _segments.Add((literal, -1, literal.Length));
                        _literal.SetLength(0);
                        _matched = Marker;
                    }

                    continue;
                }

                var total = (long)ParameterLength * sizeof(float);
                var take = (int)Math.Min(Math.Min(buffer.Length, _expected.Length), total - _matched);
                Pattern.Bytes(_parameter, _matched, _expected.AsSpan(0, take));
                if (!buffer[..take].SequenceEqual(_expected.AsSpan(0, take)))
                {
                    throw new InvalidDataException($"The values of parameter {_parameter} differ from the pattern within bytes [{_matched}, {_matched + take}).");
                }

                _hash.Append(buffer[..take]);
                buffer = buffer[take..];
                _matched += take;
                if (_matched == total)
                {
                    _segments.Add((null, _parameter, total));
                    _parameter++;
                    _matched = -1;
                }
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private static byte[] MarkerOf(int k)
        {
            var marker = new byte[Marker];
            Pattern.Bytes(k, 0, marker);
            return marker;
        }
    }

    /// <summary>A seekable, read-only stream that reproduces a recorded checkpoint, regenerating the values.</summary>
    private sealed class ReplayStream(Recording recording) : Stream
    {
        private readonly long[] _starts = Starts(recording);

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => recording.Length;

        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var index = Array.BinarySearch(_starts, Position);
            index = index >= 0 ? index : ~index - 1;
            if (index >= recording.Segments.Count)
            {
                return 0;
            }

            var (literal, parameter, length) = recording.Segments[index];
            var within = Position - _starts[index];
            var count = (int)Math.Min(buffer.Length, length - within);
            if (count <= 0)
            {
                return 0;
            }

            if (literal is not null)
            {
                literal.AsSpan((int)within, count).CopyTo(buffer);
            }
            else
            {
                Pattern.Bytes(parameter, within, buffer[..count]);
            }

            Position += count;
            return count;
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            _ => Length + offset,
        };

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private static long[] Starts(Recording recording)
        {
            var starts = new long[recording.Segments.Count];
            for (var i = 1; i < starts.Length; i++)
            {
                starts[i] = starts[i - 1] + recording.Segments[i - 1].Length;
            }

            return starts;
        }
    }
}
