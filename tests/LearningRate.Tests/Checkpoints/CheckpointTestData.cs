using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using LearningRate.Checkpoints;
using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;

namespace LearningRate.Tests.Checkpoints;

/// <summary>Seeded training runs and byte-level surgery on saved checkpoints.</summary>
public static class CheckpointTestData
{
    /// <summary>Runs <paramref name="steps"/> steps with gradients drawn from <paramref name="random"/>.</summary>
    public static void Train<T>(IOptimizer optimizer, Random random, int steps, params T[][] gradients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var step = 0; step < steps; step++)
        {
            foreach (var gradient in gradients)
            {
                for (var i = 0; i < gradient.Length; i++)
                {
                    gradient[i] = T.CreateTruncating(random.NextDouble() - 0.4);
                }
            }

            optimizer.Step();
        }
    }

    public static byte[] Save(IOptimizer optimizer)
    {
        using var stream = new MemoryStream();
        Checkpoint.Save(optimizer, stream);
        return stream.ToArray();
    }

    public static void Load(IOptimizer optimizer, byte[] bytes, bool strict = true)
    {
        using var stream = new MemoryStream(bytes);
        Checkpoint.Load(optimizer, stream, strict);
    }

    /// <summary>Where the optimizer section's int64 length sits: after the 16-byte header, the section count and the name "optimizer" (4 + 9 bytes).</summary>
    public const int OptimizerSectionLengthAt = 16 + 4 + 4 + 9;

    /// <summary>
    /// Adds <paramref name="delta"/> to the header's payload length and, when the bytes were cut from or added
    /// to the optimizer section itself, to that section's length; <see cref="Reseal"/> then fixes the checksum.
    /// </summary>
    public static void AdjustLengths(byte[] bytes, long delta, bool inOptimizerSection = true)
    {
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8)) + delta);
        if (inOptimizerSection)
        {
            var section = bytes.AsSpan(OptimizerSectionLengthAt);
            BinaryPrimitives.WriteInt64LittleEndian(section, BinaryPrimitives.ReadInt64LittleEndian(section) + delta);
        }
    }

    /// <summary>Recomputes the trailing checksum after a deliberate edit, so the edit reaches the parser.</summary>
    public static byte[] Reseal(byte[] bytes)
    {
        var copy = bytes.ToArray();
        var hash = XxHash3.HashToUInt64(copy.AsSpan(0, copy.Length - 8));
        BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(copy.Length - 8), hash);
        return copy;
    }

    /// <summary>Returns the offset just after the <paramref name="occurrence"/>-th (0-based) length-prefixed string <paramref name="text"/>.</summary>
    public static int After(byte[] bytes, string text, int occurrence = 0)
    {
        var encoded = new byte[4 + Encoding.UTF8.GetByteCount(text)];
        BinaryPrimitives.WriteInt32LittleEndian(encoded, encoded.Length - 4);
        Encoding.UTF8.GetBytes(text, encoded.AsSpan(4));
        var at = -1;
        for (var i = 0; i <= occurrence; i++)
        {
            var next = bytes.AsSpan(at + 1).IndexOf(encoded);
            next.Should().BeGreaterThanOrEqualTo(0, $"the checkpoint holds '{text}' {occurrence + 1} times");
            at += 1 + next;
        }

        return at + encoded.Length;
    }

    /// <summary>
    /// Replaces <paramref name="remove"/> bytes at <paramref name="at"/> (inside the optimizer section) with
    /// <paramref name="insert"/>, fixes the section and payload lengths and reseals.
    /// </summary>
    public static byte[] Splice(byte[] bytes, int at, int remove, ReadOnlySpan<byte> insert)
    {
        byte[] spliced = [.. bytes.AsSpan(0, at), .. insert, .. bytes.AsSpan(at + remove)];
        AdjustLengths(spliced, insert.Length - remove);
        return Reseal(spliced);
    }

    /// <summary>Adds <paramref name="delta"/> to the int32 at <paramref name="at"/> (a count).</summary>
    public static void AddToInt32(byte[] bytes, int at, int delta) =>
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at)) + delta);

    /// <summary>Reads a committed format-1 file (Checkpoints/V1, written by the format-1 code) to edit.</summary>
    public static byte[] FormatOneFile(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Checkpoints", "V1", V1.V1Cases.FileName(name)));

    /// <summary>Asserts that loading throws the given error and leaves the optimizer exactly as it was.</summary>
    public static CheckpointException LoadFails<T>(IOptimizer optimizer, byte[] bytes, CheckpointError error, bool strict = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var before = OptimizerSnapshot.Of<T>(optimizer);
        var act = () => Load(optimizer, bytes, strict);
        var exception = act.Should().Throw<CheckpointException>().Which;
        exception.Error.Should().Be(error, exception.Message);
        OptimizerSnapshot.Of<T>(optimizer).Should().Be(before);
        return exception;
    }
}
