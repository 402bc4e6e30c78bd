using System.Buffers.Binary;
using System.IO.Hashing;
using LearningRate.Optimizers;

namespace LearningRate.Checkpoints;

/// <summary>
/// Saves and restores the complete state of an optimizer to a stream or a file, in a versioned binary
/// format with an XxHash3 checksum (docs/checkpoints.md gives the layout byte by byte).
/// </summary>
/// <remarks>
/// <para>
/// A checkpoint holds, for every registered parameter by name: its values, every state buffer, its step
/// count and flags; for every group: its options (each property by name, with its type) and its current
/// learning rate; and the optimizer's step count and consecutive-skip count. Restored into a freshly built
/// optimizer with the same parameters, training continues bit-identically to an uninterrupted run.
/// Gradients are not saved (the training loop recomputes them), nor are settings that are not training state
/// (<see cref="IOptimizer.NonFiniteGradients"/>, <see cref="IOptimizer.MaxConsecutiveSkips"/>).
/// </para>
/// <para>
/// Loading validates everything before it changes anything: on any <see cref="CheckpointException"/> the
/// optimizer is exactly as it was. Parameters are matched by name, whatever their registration order.
/// Thread safety: do not save or load while another thread steps the same optimizer; separate optimizers
/// may be saved and loaded on separate threads.
/// </para>
/// </remarks>
public static class Checkpoint
{
    /// <summary>The format version this library writes; it reads this one and every earlier one (format 1).</summary>
    public const int FormatVersion = 2;

    /// <summary>The oldest format version this library reads.</summary>
    private const int OldestReadableVersion = 1;

    /// <summary>Magic (4) + version (2) + flags (2) + payload length (8).</summary>
    private const int HeaderSize = 16;

    private const int ChecksumSize = 8;

    /// <summary>The largest payload accepted: what one array can hold.</summary>
    private const long MaxPayloadLength = 0x7FFF_FFC7 - HeaderSize - ChecksumSize;

    private const int ReadChunk = 1 << 20;

    private static ReadOnlySpan<byte> Magic => "LRCP"u8;

    /// <summary>Writes the optimizer's complete state to <paramref name="stream"/>.</summary>
    /// <param name="optimizer">An optimizer of this library.</param>
    /// <param name="stream">A writable stream; written from its current position and flushed.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="optimizer"/> is not an optimizer of this library, or <paramref name="stream"/> is not writable.</exception>
    public static void Save(IOptimizer optimizer, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(stream));
        }

        WriteParts(stream, [Part(optimizer)]);
    }

    /// <summary>
    /// Restores the optimizer's state from <paramref name="stream"/>, after checking all of it: on any
    /// exception the optimizer is unchanged.
    /// </summary>
    /// <param name="optimizer">An optimizer of the same kind, element type and groups as the saved one.</param>
    /// <param name="stream">A readable stream positioned at the checkpoint; read up to the checkpoint's end.</param>
    /// <param name="strict">
    /// True (the default): the registered names and the saved names must be the same set. False: saved
    /// parameters that are not registered are ignored, and registered parameters absent from the checkpoint
    /// keep their current state.
    /// </param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="optimizer"/> is not an optimizer of this library, or <paramref name="stream"/> is not readable.</exception>
    /// <exception cref="CheckpointException">The checkpoint is damaged or does not fit the optimizer; <see cref="CheckpointException.Error"/> says why.</exception>
    public static void Load(IOptimizer optimizer, Stream stream, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        ReadParts(stream, [Part(optimizer)], strict);
    }

    /// <summary>
    /// Saves atomically to <paramref name="path"/>: the checkpoint is written to a hidden temporary file in the same
    /// folder (<c>.name.hash.random.tmp</c>, within 255 bytes whatever the name's length), flushed to disk, then
    /// renamed over <paramref name="path"/>, so a crash during the save leaves the previous checkpoint whole.
    /// </summary>
    /// <remarks>
    /// A symbolic link is followed to its final target, which is replaced; the link stays a link. After a successful
    /// save, temporary files that crashed saves of the same checkpoint left in the folder are deleted once they are
    /// more than 10 minutes old (a younger one may be another save in progress).
    /// </remarks>
    /// <param name="optimizer">An optimizer of this library.</param>
    /// <param name="path">The checkpoint file.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="optimizer"/> is not an optimizer of this library, or <paramref name="path"/> is empty or malformed.</exception>
    /// <exception cref="IOException">
    /// The file could not be written, for any file-system reason: a full disk, a missing folder, a folder at
    /// <paramref name="path"/>, or a denied permission (the <see cref="UnauthorizedAccessException"/> is the
    /// <see cref="Exception.InnerException"/>). The previous checkpoint is intact and no temporary file is left.
    /// </exception>
    public static void SaveToFile(IOptimizer optimizer, string path)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var parts = new[] { Part(optimizer) };
        WriteFileAtomically(path, stream => WriteParts(stream, parts));
    }

    /// <summary>Restores from a file written by <see cref="SaveToFile"/> or <see cref="Save"/>; see <see cref="Load"/>.</summary>
    /// <param name="optimizer">An optimizer of the same kind, element type and groups as the saved one.</param>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="strict">Whether the registered and saved parameter names must be the same set; see <see cref="Load"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="optimizer"/> is not an optimizer of this library, or <paramref name="path"/> is empty or malformed.</exception>
    /// <exception cref="IOException">
    /// The file could not be read, for any file-system reason: missing (<see cref="FileNotFoundException"/>), a
    /// folder, or a denied permission (the <see cref="UnauthorizedAccessException"/> is the <see cref="Exception.InnerException"/>).
    /// </exception>
    /// <exception cref="CheckpointException">The checkpoint is damaged or does not fit the optimizer; the optimizer is unchanged.</exception>
    public static void LoadFromFile(IOptimizer optimizer, string path, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        using var stream = CheckpointFile.OpenRead(path);
        Load(optimizer, stream, strict);
    }

    /// <summary>The atomic save, with the writing step injectable so tests can make it fail midway.</summary>
    internal static void WriteFileAtomically(string path, Action<Stream> write) => CheckpointFile.WriteAtomically(path, write);

    internal static void WriteParts(Stream stream, IReadOnlyList<ICheckpointPart> parts)
    {
        var payload = new CheckpointWriter();
        payload.WriteInt32(parts.Count);
        foreach (var part in parts)
        {
            var section = new CheckpointWriter();
            part.Write(section);
            payload.WriteString(part.SectionName);
            payload.WriteInt64(section.Written.Length);
            payload.WriteBytes(section.Written);
        }

        var body = payload.Written;
        Span<byte> header = stackalloc byte[HeaderSize];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], body.Length);
        var hash = new XxHash3();
        hash.Append(header);
        hash.Append(body);
        Span<byte> checksum = stackalloc byte[ChecksumSize];
        BinaryPrimitives.WriteUInt64LittleEndian(checksum, hash.GetCurrentHashAsUInt64());
        stream.Write(header);
        stream.Write(body);
        stream.Write(checksum);
        stream.Flush();
    }

    internal static void ReadParts(Stream stream, IReadOnlyList<ICheckpointPart> parts, bool strict)
    {
        var (payload, version) = ReadPayload(stream);
        var sections = ReadSections(payload);
        var commits = new List<Action>(parts.Count);
        foreach (var part in parts)
        {
            if (!sections.Remove(part.SectionName, out var range))
            {
                throw new CheckpointException(CheckpointError.SectionMismatch, $"The checkpoint has no '{part.SectionName}' section.");
            }

            commits.Add(part.Prepare(payload.AsSpan(range.Offset, range.Length), strict, version));
        }

        if (strict && sections.Count > 0)
        {
            throw new CheckpointException(
                CheckpointError.SectionMismatch,
                $"The checkpoint has a '{sections.Keys.First()}' section that nothing was given to restore (strict).");
        }

        // Everything validated: from here on nothing can fail.
        foreach (var commit in commits)
        {
            commit();
        }
    }

    private static ICheckpointPart Part(IOptimizer optimizer) =>
        optimizer as ICheckpointPart
        ?? throw new ArgumentException($"{optimizer.GetType().Name} is not an optimizer of this library.", nameof(optimizer));

    /// <summary>Reads header, payload and checksum, and verifies all three; returns the payload and its format version.</summary>
    private static (byte[] Payload, int Version) ReadPayload(Stream stream)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        if (ReadFully(stream, header) < HeaderSize)
        {
            throw new CheckpointException(CheckpointError.Truncated, $"The stream ends inside the {HeaderSize}-byte checkpoint header.");
        }

        if (!header[..4].SequenceEqual(Magic))
        {
            throw new CheckpointException(CheckpointError.BadMagic, $"The stream starts with 0x{Convert.ToHexString(header[..4])}, not the checkpoint magic 'LRCP'.");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        if (version is < OldestReadableVersion or > FormatVersion)
        {
            throw new CheckpointException(CheckpointError.UnsupportedVersion, $"The checkpoint has format version {version}; this library reads versions {OldestReadableVersion} to {FormatVersion}.");
        }

        var flags = BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
        var length = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        if (length < 0 || length > MaxPayloadLength)
        {
            throw new CheckpointException(CheckpointError.Malformed, $"The header declares a payload of {length} bytes, outside [0, {MaxPayloadLength}].");
        }

        // Grow as bytes arrive rather than trusting the declared length: a damaged header must not make us
        // allocate gigabytes for a stream of a few bytes.
        var payload = new byte[Math.Min(length, ReadChunk)];
        var filled = 0;
        while (filled < length)
        {
            if (filled == payload.Length)
            {
                Array.Resize(ref payload, (int)Math.Min(length, (long)payload.Length * 2));
            }

            var read = stream.Read(payload, filled, payload.Length - filled);
            if (read == 0)
            {
                throw new CheckpointException(CheckpointError.Truncated, $"The stream ends after {filled} of the {length} payload bytes the header declares.");
            }

            filled += read;
        }

        Span<byte> checksum = stackalloc byte[ChecksumSize];
        if (ReadFully(stream, checksum) < ChecksumSize)
        {
            throw new CheckpointException(CheckpointError.Truncated, "The stream ends inside the checksum.");
        }

        var hash = new XxHash3();
        hash.Append(header);
        hash.Append(payload);
        var expected = BinaryPrimitives.ReadUInt64LittleEndian(checksum);
        var actual = hash.GetCurrentHashAsUInt64();
        if (expected != actual)
        {
            throw new CheckpointException(CheckpointError.ChecksumMismatch, $"The checksum is 0x{expected:X16} but the content hashes to 0x{actual:X16}: the checkpoint is damaged.");
        }

        if (flags != 0)
        {
            throw new CheckpointException(CheckpointError.UnsupportedVersion, $"The checkpoint sets flags 0x{flags:X4}, which version {version} does not define.");
        }

        return (payload, version);
    }

    private static Dictionary<string, (int Offset, int Length)> ReadSections(byte[] payload)
    {
        var reader = new CheckpointReader(payload);
        var count = reader.ReadCount("the section count", 12);
        var sections = new Dictionary<string, (int, int)>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString("a section name");
            var length = reader.ReadInt64($"the length of section '{name}'");
            if (length < 0 || length > reader.Remaining)
            {
                throw CheckpointReader.Malformed($"Section '{name}' declares {length} bytes; {reader.Remaining} are left.");
            }

            var offset = payload.Length - reader.Remaining;
            reader.ReadBytes((int)length, $"section '{name}'");
            if (!sections.TryAdd(name, (offset, (int)length)))
            {
                throw CheckpointReader.Malformed($"Section '{name}' appears twice.");
            }
        }

        reader.ExpectEnd("The section table");
        return sections;
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = stream.Read(buffer[filled..]);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }
}
