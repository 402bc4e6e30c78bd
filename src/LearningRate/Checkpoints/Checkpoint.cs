using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.ExceptionServices;
using System.Text;
using LearningRate.Optimizers;

namespace LearningRate.Checkpoints;

/// <summary>
/// Saves and restores the complete state of an optimizer to a stream or a file, in a versioned binary
/// format with an XxHash3 checksum (docs/checkpoints.md gives the layout byte by byte).
/// </summary>
/// <remarks>
/// <para>
/// A checkpoint holds, for every registered parameter by name: its values, every state buffer and scalar its
/// algorithm declares (by name, with element type and length) and its step count; for every group: its options
/// (each property by name, with its type), its current learning rate, its schedules' fingerprints and its
/// controllers' state; and the optimizer's step count and consecutive-skip count. Restored into a freshly built
/// optimizer with the same parameters, training continues bit-identically to an uninterrupted run.
/// Gradients are not saved (the training loop recomputes them), nor are settings that are not training state
/// (<see cref="IOptimizer.NonFiniteGradients"/>, <see cref="IOptimizer.MaxConsecutiveSkips"/>).
/// </para>
/// <para>
/// Further states travel in the same checkpoint, each in a section under a name the caller gives, as the entries
/// of a PyTorch checkpoint dict: <c>Checkpoint.SaveToFile(optimizer, path, ("scaler", scaler), ("monitor", monitor))</c>
/// and <c>Checkpoint.LoadFromFile(optimizer, path, strict: true, ("scaler", scaler), ("monitor", monitor))</c>
/// (see <see cref="ICheckpointable"/>). Their options are checked, not restored.
/// </para>
/// <para>
/// Loading validates everything before it changes anything: on any <see cref="CheckpointException"/> the
/// optimizer and every extra are exactly as they were. Parameters are matched by name, whatever their registration order.
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

    /// <summary>The largest payload whose end offset, checksum included, is still a <see cref="long"/>.</summary>
    private const long MaxPayloadLength = long.MaxValue - HeaderSize - ChecksumSize;

    /// <summary>The buffer of a copy from a stream that cannot seek.</summary>
    private const int ReadChunk = 1 << 16;

    private static ReadOnlySpan<byte> Magic => "LRCP"u8;

    /// <summary>Writes the optimizer's complete state to <paramref name="stream"/>.</summary>
    /// <remarks>
    /// The checkpoint is streamed: a first pass over the state measures each section (nothing is copied), and the
    /// second writes header, sections and checksum through a fixed 64 KiB buffer, computing the XxHash3 as it goes.
    /// Its size is limited only by the stream; the memory used does not grow with the model.
    /// </remarks>
    /// <param name="optimizer">An optimizer of this library.</param>
    /// <param name="stream">A writable stream; written from its current position and flushed.</param>
    /// <param name="extras">
    /// Further states saved beside the optimizer, each with its section name (unique, not empty, not
    /// <c>"optimizer"</c>): <c>("scaler", standardizer), ("monitor", monitor)</c>.
    /// </param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="optimizer"/> is not an optimizer of this library, <paramref name="stream"/> is not writable, or <paramref name="extras"/> holds a null state, a state of another type than this library's, or an empty, repeated or <c>"optimizer"</c> name.</exception>
    public static void Save(IOptimizer optimizer, Stream stream, params ReadOnlySpan<(string Name, ICheckpointable State)> extras)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(stream));
        }

        WriteParts(stream, Parts(optimizer, extras));
    }

    /// <summary>
    /// Restores the optimizer's state from <paramref name="stream"/>, after checking all of it: on any
    /// <see cref="CheckpointException"/> the optimizer is unchanged.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The checkpoint is read twice, through a fixed buffer, so the memory used does not grow with the model. The first
    /// pass computes the checksum and validates every field, buffer and invariant without changing anything; the second
    /// reads the parameters' values and state buffers again, straight into the optimizer's memory.
    /// </para>
    /// <para>
    /// A seekable stream is read in place; it must not change between the two passes. A stream that cannot seek (a
    /// network or a pipe) is first copied, up to the checksum's last byte, into a temporary file in
    /// <see cref="Path.GetTempPath"/>, opened with <see cref="FileOptions.DeleteOnClose"/>: that needs as much free disk
    /// as the checkpoint's size. In both cases the stream is left just after the checksum.
    /// </para>
    /// <para>
    /// Only an <see cref="IOException"/> raised by the stream itself during the second pass (a disk failing between
    /// the passes) can leave the optimizer partly restored; then load again.
    /// </para>
    /// </remarks>
    /// <param name="optimizer">An optimizer of the same kind, element type and groups as the saved one.</param>
    /// <param name="stream">A readable stream positioned at the checkpoint; read up to the checkpoint's end.</param>
    /// <param name="strict">
    /// True (the default): the registered names and the saved names must be the same set. False: saved
    /// parameters that are not registered are ignored, and registered parameters absent from the checkpoint
    /// keep their current state.
    /// </param>
    /// <param name="extras">
    /// The further states to restore with the optimizer, each under the section name it was saved with. Every one is
    /// validated before any is installed; a section that the checkpoint lacks is a <see cref="CheckpointError.SectionMismatch"/>.
    /// </param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="optimizer"/> is not an optimizer of this library, <paramref name="stream"/> is not readable, or <paramref name="extras"/> holds a null state, a state of another type than this library's, or an empty, repeated or <c>"optimizer"</c> name.</exception>
    /// <exception cref="CheckpointException">The checkpoint is damaged or does not fit the optimizer; <see cref="CheckpointException.Error"/> says why.</exception>
    public static void Load(IOptimizer optimizer, Stream stream, bool strict = true, params ReadOnlySpan<(string Name, ICheckpointable State)> extras)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        ReadParts(stream, Parts(optimizer, extras), strict);
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
    /// <param name="extras">
    /// Further states saved beside the optimizer, each with its section name (unique, not empty, not
    /// <c>"optimizer"</c>): <c>("scaler", standardizer), ("monitor", monitor)</c>.
    /// </param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="optimizer"/> is not an optimizer of this library, <paramref name="path"/> is empty or malformed, or <paramref name="extras"/> holds a null state, a state of another type than this library's, or an empty, repeated or <c>"optimizer"</c> name.</exception>
    /// <exception cref="IOException">
    /// The file could not be written, for any file-system reason: a full disk, a missing folder, a folder at
    /// <paramref name="path"/>, or a denied permission (the <see cref="UnauthorizedAccessException"/> is the
    /// <see cref="Exception.InnerException"/>). The previous checkpoint is intact and no temporary file is left.
    /// </exception>
    public static void SaveToFile(IOptimizer optimizer, string path, params ReadOnlySpan<(string Name, ICheckpointable State)> extras)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var parts = Parts(optimizer, extras);
        WriteFileAtomically(path, stream => WriteParts(stream, parts));
    }

    /// <summary>Restores from a file written by <see cref="SaveToFile"/> or <see cref="Save"/>; see <see cref="Load"/>.</summary>
    /// <remarks>
    /// Both passes of the load read the same open handle. Saves replace a checkpoint by renaming a new file over it,
    /// so the bytes under that handle cannot change between the passes.
    /// </remarks>
    /// <param name="optimizer">An optimizer of the same kind, element type and groups as the saved one.</param>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="strict">Whether the registered and saved parameter names must be the same set; see <see cref="Load"/>.</param>
    /// <param name="extras">
    /// The further states to restore with the optimizer, each under the section name it was saved with. Every one is
    /// validated before any is installed; a section that the checkpoint lacks is a <see cref="CheckpointError.SectionMismatch"/>.
    /// </param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="optimizer"/> is not an optimizer of this library, <paramref name="path"/> is empty or malformed, or <paramref name="extras"/> holds a null state, a state of another type than this library's, or an empty, repeated or <c>"optimizer"</c> name.</exception>
    /// <exception cref="IOException">
    /// The file could not be read, for any file-system reason: missing (<see cref="FileNotFoundException"/>), a
    /// folder, or a denied permission (the <see cref="UnauthorizedAccessException"/> is the <see cref="Exception.InnerException"/>).
    /// </exception>
    /// <exception cref="CheckpointException">The checkpoint is damaged or does not fit the optimizer; the optimizer is unchanged.</exception>
    public static void LoadFromFile(IOptimizer optimizer, string path, bool strict = true, params ReadOnlySpan<(string Name, ICheckpointable State)> extras)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var parts = Parts(optimizer, extras);
        using var stream = CheckpointFile.OpenRead(path);
        ReadParts(stream, parts, strict);
    }

    /// <summary>The atomic save, with the writing step injectable so tests can make it fail midway.</summary>
    internal static void WriteFileAtomically(string path, Action<Stream> write) => CheckpointFile.WriteAtomically(path, write);

    internal static void WriteParts(Stream stream, IReadOnlyList<ICheckpointPart> parts) =>
        RunExclusive(parts, 0, "Checkpoint.Save", () => WriteExclusive(stream, parts));

    internal static void ReadParts(Stream stream, IReadOnlyList<ICheckpointPart> parts, bool strict)
    {
        if (stream.CanSeek)
        {
            RunExclusive(parts, 0, "Checkpoint.Load", () => ReadSeekable(stream, parts, strict));
            return;
        }

        using var staged = Stage(stream);
        RunExclusive(parts, 0, "Checkpoint.Load", () => ReadSeekable(staged, parts, strict));
    }

    /// <summary>Runs <paramref name="action"/> with every part from <paramref name="index"/> on held exclusively.</summary>
    private static void RunExclusive(IReadOnlyList<ICheckpointPart> parts, int index, string operation, Action action)
    {
        if (index == parts.Count)
        {
            action();
            return;
        }

        parts[index].RunExclusive(operation, () => RunExclusive(parts, index + 1, operation, action));
    }

    /// <summary>
    /// Measures every section with a counting writer, then writes header, section table, sections and checksum in
    /// one pass through a fixed buffer, hashing as it goes: the lengths precede the bytes they count.
    /// </summary>
    private static void WriteExclusive(Stream stream, IReadOnlyList<ICheckpointPart> parts)
    {
        var lengths = new long[parts.Count];
        var payloadLength = 4L;
        for (var i = 0; i < parts.Count; i++)
        {
            var counter = CheckpointWriter.Counting();
            parts[i].Write(counter);
            lengths[i] = counter.Position;
            payloadLength += 4 + Encoding.UTF8.GetByteCount(parts[i].SectionName) + 8 + lengths[i];
        }

        var hash = new XxHash3();
        var writer = CheckpointWriter.To(stream, hash);
        writer.WriteBytes(Magic);
        writer.WriteUInt16(FormatVersion);
        writer.WriteUInt16(0);
        writer.WriteInt64(payloadLength);
        writer.WriteInt32(parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            writer.WriteString(parts[i].SectionName);
            writer.WriteInt64(lengths[i]);
            var start = writer.Position;
            parts[i].Write(writer);
            if (writer.Position - start != lengths[i])
            {
                // Only a part changed by another thread mid-save writes another length; the file would be damaged.
                throw new InvalidOperationException(
                    $"Section '{parts[i].SectionName}' measured {lengths[i]} bytes but wrote {writer.Position - start}: its state changed during the save.");
            }
        }

        writer.Flush();
        Span<byte> checksum = stackalloc byte[ChecksumSize];
        BinaryPrimitives.WriteUInt64LittleEndian(checksum, hash.GetCurrentHashAsUInt64());
        stream.Write(checksum);
        stream.Flush();
    }

    /// <summary>
    /// The load proper, on a seekable stream: the first pass reads everything once, hashing it and validating every
    /// section without changing anything; the second installs, reading the element runs again from the same stream.
    /// </summary>
    private static void ReadSeekable(Stream stream, IReadOnlyList<ICheckpointPart> parts, bool strict)
    {
        var origin = stream.Position;
        Span<byte> header = stackalloc byte[HeaderSize];
        var (version, flags, length) = ReadHeader(stream, header);
        var available = stream.Length - origin - HeaderSize;
        if (available < length)
        {
            throw new CheckpointException(CheckpointError.Truncated, $"The stream ends after {Math.Max(available, 0)} of the {length} payload bytes the header declares.");
        }

        if (available - length < ChecksumSize)
        {
            throw new CheckpointException(CheckpointError.Truncated, "The stream ends inside the checksum.");
        }

        var hash = new XxHash3();
        hash.Append(header);
        var reader = new CheckpointReader(stream, HeaderSize, HeaderSize + length, hash);
        Action<CheckpointSource>[]? installs = null;
        ExceptionDispatchInfo? invalid = null;
        try
        {
            installs = ReadSections(reader, parts, strict, version);
        }
        catch (CheckpointException e)
        {
            // Damage is reported as damage: the checksum is checked first, so the rest of the payload is still hashed.
            invalid = ExceptionDispatchInfo.Capture(e);
        }

        reader.Limit = HeaderSize + length;
        reader.Skip(reader.Remaining, "the payload");
        Span<byte> checksum = stackalloc byte[ChecksumSize];
        stream.ReadExactly(checksum);
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

        invalid?.Throw();

        // Everything validated; from here on only the stream itself can fail.
        var source = new CheckpointSource(stream, origin);
        foreach (var install in installs!)
        {
            install(source);
        }

        stream.Position = origin + HeaderSize + length + ChecksumSize;
    }

    /// <summary>Reads the header and checks magic, version and the payload length; returns them with the flags (checked after the checksum).</summary>
    private static (int Version, int Flags, long Length) ReadHeader(Stream stream, Span<byte> header)
    {
        if (stream.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false) < HeaderSize)
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

        var length = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        if (length < 0 || length > MaxPayloadLength)
        {
            throw new CheckpointException(CheckpointError.Malformed, $"The header declares a payload of {length} bytes, outside [0, {MaxPayloadLength}].");
        }

        return (version, BinaryPrimitives.ReadUInt16LittleEndian(header[6..]), length);
    }

    /// <summary>
    /// Copies the checkpoint from a stream that cannot seek into a temporary file (deleted when closed), so that it
    /// can be read twice; stops at the checksum's last byte.
    /// </summary>
    private static FileStream Stage(Stream stream)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        var (_, _, length) = ReadHeader(stream, header);
        var path = Path.Combine(Path.GetTempPath(), $".learningrate-checkpoint-{Guid.NewGuid():N}.tmp");
        var staged = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, ReadChunk, FileOptions.DeleteOnClose);
        try
        {
            staged.Write(header);
            var buffer = new byte[ReadChunk];
            var copied = 0L;
            while (copied < length + ChecksumSize)
            {
                var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, length + ChecksumSize - copied));
                if (read == 0)
                {
                    throw new CheckpointException(
                        CheckpointError.Truncated,
                        copied < length ? $"The stream ends after {copied} of the {length} payload bytes the header declares." : "The stream ends inside the checksum.");
                }

                staged.Write(buffer, 0, read);
                copied += read;
            }

            staged.Position = 0;
            return staged;
        }
        catch
        {
            staged.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads the section table and has each part validate its section as it comes by; unknown sections are
    /// skipped. Returns the install actions, in the order of <paramref name="parts"/>.
    /// </summary>
    private static Action<CheckpointSource>[] ReadSections(CheckpointReader reader, IReadOnlyList<ICheckpointPart> parts, bool strict, int version)
    {
        var count = reader.ReadCount("the section count", 12);
        var installs = new Action<CheckpointSource>?[parts.Count];
        var names = new HashSet<string>(StringComparer.Ordinal);
        string? unread = null;
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString("a section name");
            var length = reader.ReadInt64($"the length of section '{name}'");
            if (length < 0 || length > reader.Remaining)
            {
                throw CheckpointReader.Malformed($"Section '{name}' declares {length} bytes; {reader.Remaining} are left.");
            }

            if (!names.Add(name))
            {
                throw CheckpointReader.Malformed($"Section '{name}' appears twice.");
            }

            var outer = reader.Limit;
            reader.Limit = reader.Position + length;
            var part = IndexOf(parts, name);
            if (part >= 0)
            {
                installs[part] = parts[part].Prepare(reader, strict, version);
            }
            else
            {
                unread ??= name;
            }

            reader.Skip(reader.Remaining, $"section '{name}'");
            reader.Limit = outer;
        }

        reader.ExpectEnd("The section table");
        for (var i = 0; i < parts.Count; i++)
        {
            if (installs[i] is null)
            {
                throw new CheckpointException(CheckpointError.SectionMismatch, $"The checkpoint has no '{parts[i].SectionName}' section.");
            }
        }

        if (strict && unread is not null)
        {
            throw new CheckpointException(
                CheckpointError.SectionMismatch,
                $"The checkpoint has a '{unread}' section that nothing was given to restore (strict).");
        }

        return installs!;
    }

    private static int IndexOf(IReadOnlyList<ICheckpointPart> parts, string name)
    {
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i].SectionName == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The optimizer's part, then each extra under its name; checks the names and states before anything is read or written.</summary>
    private static ICheckpointPart[] Parts(IOptimizer optimizer, ReadOnlySpan<(string Name, ICheckpointable State)> extras)
    {
        var parts = new ICheckpointPart[extras.Length + 1];
        parts[0] = Part(optimizer);
        for (var i = 0; i < extras.Length; i++)
        {
            var (name, state) = extras[i];
            if (string.IsNullOrEmpty(name))
            {
                throw new ArgumentException($"extras[{i}] has no section name.", nameof(extras));
            }

            if (state is not ICheckpointState section)
            {
                throw new ArgumentException(
                    state is null ? $"extras[{i}] ('{name}') has no state." : $"extras[{i}] ('{name}') is a {state.GetType().Name}, not a checkpointable type of this library.",
                    nameof(extras));
            }

            if (IndexOf(parts.AsSpan(0, i + 1), name) >= 0)
            {
                throw new ArgumentException($"extras[{i}] is named '{name}', a section name already taken; every section needs its own name.", nameof(extras));
            }

            parts[i + 1] = new NamedPart(name, section);
        }

        return parts;
    }

    private static int IndexOf(ReadOnlySpan<ICheckpointPart> parts, string name)
    {
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].SectionName == name)
            {
                return i;
            }
        }

        return -1;
    }

    private static ICheckpointPart Part(IOptimizer optimizer) =>
        optimizer as ICheckpointPart
        ?? throw new ArgumentException($"{optimizer.GetType().Name} is not an optimizer of this library.", nameof(optimizer));
}
