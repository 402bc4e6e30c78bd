using LearningRate.Optimizers.State;

namespace LearningRate.Tests.Optimizers.State;

/// <summary>
/// A block's buffers hold their initial value whether their memory is fresh (zero from the arena, written only when
/// the initial value is not +0) or reused after a release; blocks of one arena never share entries.
/// </summary>
public class StateBlockTests
{
    [Fact]
    public void Ensure_OnFreshMemory_FillsEveryInitialValueButPositiveZero()
    {
        var block = new StateBlock(new StateArena(), 3, []);

        block.Ensure(0, StateElement.Float32, 33, 0).Should().BeTrue();
        block.Ensure(1, StateElement.Float32, 33, 0.25).Should().BeTrue();
        block.Ensure(2, StateElement.Float64, 5, -0.0).Should().BeTrue();

        block.Buffer<float>(0).ToArray().Should().OnlyContain(x => BitConverter.SingleToInt32Bits(x) == 0);
        block.Buffer<float>(1).ToArray().Should().OnlyContain(x => x == 0.25f);
        block.Buffer<double>(2).ToArray().Should().OnlyContain(x => BitConverter.DoubleToInt64Bits(x) == long.MinValue, "−0 is not +0");
        GC.KeepAlive(block.Arena);
    }

    [Fact]
    public void Ensure_AfterRelease_RefillsTheReusedMemory()
    {
        var block = new StateBlock(new StateArena(), 1, []);
        block.Ensure(0, StateElement.Float32, 16, 0);
        block.Buffer<float>(0).Fill(5);
        block.Release(0);
        block.IsPresent(0).Should().BeFalse();

        block.Ensure(0, StateElement.Float32, 16, 0).Should().BeTrue();
        block.Buffer<float>(0).ToArray().Should().OnlyContain(x => x == 0, "reused memory is zeroed again");

        block.Buffer<float>(0).Fill(5);
        block.Release(0);
        block.Ensure(0, StateElement.Float32, 8, 0).Should().BeTrue();
        block.Buffer<float>(0).ToArray().Should().Equal(new float[8]);
        GC.KeepAlive(block.Arena);
    }

    [Fact]
    public void BlocksOfOneArena_HaveTheirOwnEntries()
    {
        // Enough blocks to fill several pages of entries.
        var arena = new StateArena();
        var blocks = Enumerable.Range(0, 5_000).Select(_ => new StateBlock(arena, 3, [])).ToList();
        for (var i = 0; i < blocks.Count; i++)
        {
            blocks[i].Ensure(i % 3, StateElement.Float64, (i % 50) + 1, i);
        }

        for (var i = 0; i < blocks.Count; i++)
        {
            for (var slot = 0; slot < 3; slot++)
            {
                blocks[i].IsPresent(slot).Should().Be(slot == i % 3);
            }

            blocks[i].LengthOf(i % 3).Should().Be((i % 50) + 1);
            blocks[i].Buffer<double>(i % 3).ToArray().Should().OnlyContain(x => x == i);
        }

        GC.KeepAlive(arena);
    }

    [Fact]
    public void ASlotOutsideTheBlock_Throws()
    {
        var arena = new StateArena();
        var block = new StateBlock(arena, 2, []);
        _ = new StateBlock(arena, 2, []);

        var act = () => block.IsPresent(2);

        act.Should().Throw<ArgumentOutOfRangeException>("slot 2 would be the next block's first");
    }
}
