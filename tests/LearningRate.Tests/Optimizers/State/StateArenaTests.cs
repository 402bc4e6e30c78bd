using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LearningRate.Optimizers;
using LearningRate.Optimizers.State;

namespace LearningRate.Tests.Optimizers.State;

/// <summary>
/// The arena's promises: every buffer starts on a 64-byte boundary, comes zeroed, overlaps no other, and keeps its
/// address and its values however much the arena grows.
/// </summary>
public class StateArenaTests
{
    [Fact]
    public unsafe void EveryBuffer_StartsOnA64ByteBoundary_AndKeepsItsValuesAsTheArenaGrows()
    {
        var adam = new Adam<float>(new AdamOptions { AmsGrad = true });
        var first = adam.Add("first", new float[7], new float[7]);
        first.Gradient.Span.Fill(1);
        adam.Step();
        var moments = first.State[0]!;
        moments.Should().OnlyContain(m => m != 0, "one step with g = 1 moves the first moment");

        // Odd lengths, so a packed layout would misalign the next buffer; enough of them to force regrowth.
        for (var i = 0; i < 200; i++)
        {
            adam.Add($"p{i}", new float[(i % 13) + 1], new float[(i % 13) + 1]);
        }

        foreach (var parameter in adam.Groups[0].Parameters)
        {
            for (var slot = 0; slot < 3; slot++)
            {
                var buffer = parameter.Block.Buffer<float>(slot);
                buffer.Length.Should().Be(parameter.Length);
                var address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(buffer));
                (address % 64).Should().Be(0, $"slot {slot} of '{parameter.Name}' must be 64-byte aligned");
            }
        }

        first.State[0].Should().Equal(moments, "growing the arena keeps the state");
    }

    [Fact]
    public unsafe void Buffers_KeepTheirAddresses_AsTheArenaGrows()
    {
        var adam = new Adam<float>();
        var first = adam.Add("first", new float[100], new float[100]);
        var before = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(first.Block.Buffer<float>(1)));

        // About 4.5 MB of state: many times the arena's first chunk.
        for (var i = 0; i < 5_000; i++)
        {
            adam.Add($"p{i}", new float[100], new float[100]);
        }

        var after = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(first.Block.Buffer<float>(1)));
        after.Should().Be(before, "growth adds memory and never moves a buffer");
        first.Block.Arena.ChunkCount.Should().BeGreaterThan(1);
    }

    [Fact]
    public unsafe void ManyParameters_EachKeepTheirOwnState_InDisjointAlignedBuffers()
    {
        var adam = new Adam<double>();
        var parameters = new List<Parameter<double>>();
        for (var i = 0; i < 20_000; i++)
        {
            var length = (i % 37) + 1;
            var parameter = adam.Add($"p{i}", new double[length], new double[length]);
            parameter.Block.Buffer<double>(0).Fill(i);
            parameter.Block.Buffer<double>(1).Fill(-i);
            parameters.Add(parameter);
        }

        var extents = new List<(nuint Start, nuint End)>();
        for (var i = 0; i < parameters.Count; i++)
        {
            for (var slot = 0; slot < 2; slot++)
            {
                var buffer = parameters[i].Block.Buffer<double>(slot);
                buffer.ToArray().Should().OnlyContain(x => x == (slot == 0 ? i : -i), $"slot {slot} of p{i} holds what was written into it");
                var start = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(buffer));
                (start % StateArena.Alignment).Should().Be(0);
                extents.Add((start, start + ((nuint)buffer.Length * sizeof(double))));
            }

            parameters[i].Block.IsPresent(2).Should().BeFalse("AMSGrad is off");
        }

        extents.Sort();
        for (var i = 1; i < extents.Count; i++)
        {
            extents[i].Start.Should().BeGreaterThanOrEqualTo(extents[i - 1].End, "no two buffers share memory");
        }
    }

    [Fact]
    public unsafe void Allocate_ReturnsZeroedAlignedMemory_ThatNoLaterAllocationOverlaps()
    {
        var arena = new StateArena();
        var random = new Random(12);
        var blocks = new List<(nint Address, int Length, byte Mark)>();
        for (var i = 0; i < 3_000; i++)
        {
            // Now and then a buffer larger than the chunk the arena would add next.
            var length = i % 500 == 7 ? 1 << 20 : random.Next(1, 5_000);
            var address = arena.Allocate(length);
            ((nuint)address % StateArena.Alignment).Should().Be(0);
            var bytes = new Span<byte>(address, length);
            bytes.IndexOfAnyExcept((byte)0).Should().Be(-1, "allocation {0} must come zeroed", i);
            var mark = (byte)((i % 255) + 1);
            bytes.Fill(mark);
            blocks.Add(((nint)address, length, mark));
        }

        foreach (var (address, length, mark) in blocks)
        {
            new Span<byte>((void*)address, length).IndexOfAnyExcept(mark).Should().Be(-1, "no later allocation wrote over it");
        }

        GC.KeepAlive(arena);
    }

    [Fact]
    public unsafe void ABufferLargerThanTheNextChunk_GetsAChunkOfItsOwn_AndTheCurrentChunkStaysCurrent()
    {
        var arena = new StateArena();
        var before = arena.Allocate(100);
        var large = arena.Allocate(1 << 20);
        var after = arena.Allocate(100);

        ((long)after).Should().Be((long)before + 128, "the buffer after the large one follows the one before it");
        ((long)large).Should().NotBeInRange((long)before, (long)after + 127);
        arena.ChunkCount.Should().Be(2);
        arena.Reserved.Should().BeGreaterThanOrEqualTo((1 << 20) + 128);
        GC.KeepAlive(arena);
    }
}
