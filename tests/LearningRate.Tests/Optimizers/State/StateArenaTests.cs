using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LearningRate.Optimizers;

namespace LearningRate.Tests.Optimizers.State;

/// <summary>The arena's promises: every buffer starts on a 64-byte boundary, and registering more parameters keeps earlier state.</summary>
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

        first.State[0].Should().Equal(moments, "growing the arena moves the state but keeps it");
    }
}
