using CsCheck;
using LearningRate.Checkpoints;
using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;
using static LearningRate.Tests.Checkpoints.CheckpointTestData;

namespace LearningRate.Tests.Checkpoints;

/// <summary>
/// Random, truncated, bit-flipped and re-sealed streams: the loader always throws CheckpointException (or
/// loads a valid checkpoint), never anything else, never hangs, and never leaves a partial load.
/// </summary>
public class CheckpointFuzzTests
{
    private static readonly byte[] s_valid = Valid();

    [Fact]
    public void RandomBytes_AlwaysCheckpointException()
    {
        Gen.Byte.Array[0, 200].Sample(bytes => Fails(bytes), iter: 500);
    }

    [Fact]
    public void ValidHeaderThenRandomBytes_AlwaysCheckpointException()
    {
        Gen.Byte.Array[0, 400].Sample(tail => Fails([.. s_valid.AsSpan(0, 16), .. tail]), iter: 500);
    }

    [Fact]
    public void Truncations_AlwaysCheckpointException()
    {
        for (var length = 0; length < s_valid.Length; length++)
        {
            Fails(s_valid[..length]);
        }
    }

    [Fact]
    public void BitFlips_AlwaysCheckpointException()
    {
        Gen.Select(Gen.Int[0, (s_valid.Length * 8) - 1], Gen.Int[0, (s_valid.Length * 8) - 1], Gen.Bool).Sample(
            (bit, second, two) =>
            {
                var bytes = s_valid.ToArray();
                bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                if (two && second != bit)
                {
                    bytes[second / 8] ^= (byte)(1 << (second % 8));
                }

                Fails(bytes);
            },
            iter: 2000);
    }

    /// <summary>
    /// Flips past the header with the checksum recomputed, so the damage reaches the parser. Some such edits
    /// make another valid checkpoint (a changed value); then the load must succeed and install all of it.
    /// </summary>
    [Fact]
    public void ResealedBitFlips_LoadWhollyOrThrowCheckpointException()
    {
        Gen.Int[16 * 8, ((s_valid.Length - 8) * 8) - 1].Sample(
            bit =>
            {
                var bytes = s_valid.ToArray();
                bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                bytes = Reseal(bytes);
                var target = Target();
                var before = OptimizerSnapshot.Of<double>(target);
                try
                {
                    Load(target, bytes);
                }
                catch (CheckpointException)
                {
                    OptimizerSnapshot.Of<double>(target).Should().Be(before);
                    return;
                }

                // A whole load: saving again reproduces the edited checkpoint byte for byte.
                Save(target).Should().Equal(bytes);
            },
            iter: 1500);
    }

    [Fact]
    public void ResealedTruncationsOfThePayload_AlwaysCheckpointException()
    {
        // Cut the payload short and fix the declared length and checksum: the parser must notice.
        for (var cut = 1; cut < s_valid.Length - 24; cut += 3)
        {
            var payloadLength = s_valid.Length - 24 - cut;
            var bytes = s_valid[..(16 + payloadLength)].Concat(new byte[8]).ToArray();
            BitConverter.GetBytes((long)payloadLength).CopyTo(bytes, 8);
            Fails(Reseal(bytes));
        }
    }

    [Fact]
    public void ResealedTruncations_NameWhatTheyCut()
    {
        // Every cut, byte by byte: the message must say which field the data ran out in ("ends
        // inside <field>" or "<field> needs …"), never an empty name.
        for (var cut = 1; cut < s_valid.Length - 24; cut++)
        {
            var payloadLength = s_valid.Length - 24 - cut;
            var bytes = s_valid[..(16 + payloadLength)].Concat(new byte[8]).ToArray();
            BitConverter.GetBytes((long)payloadLength).CopyTo(bytes, 8);
            var act = () => Load(Target(), Reseal(bytes));
            var message = act.Should().Throw<CheckpointException>().Which.Message;
            message.Should().NotContain("inside :", $"cut {cut}").And.NotStartWith(" ", $"cut {cut}").And.NotContain("  ", $"cut {cut}");
            message.Should().MatchRegex("^(The checkpoint ends inside [a-z]|The [a-z]+ section has|[A-Za-z])", $"cut {cut}");
        }
    }

    private static void Fails(byte[] bytes)
    {
        var target = Target();
        var before = OptimizerSnapshot.Of<double>(target);
        var act = () => Load(target, bytes);
        act.Should().Throw<CheckpointException>();
        OptimizerSnapshot.Of<double>(target).Should().Be(before);
    }

    private static byte[] Valid()
    {
        var source = new Adam<double>(new AdamOptions { LearningRate = 0.1, AmsGrad = true });
        var noDecay = source.AddGroup(new AdamOptions { WeightDecay = 0.5 });
        double[] ga = new double[3], gb = new double[2];
        source.Add("a", new double[3], ga);
        noDecay.Add("b", new double[2], gb);
        Train(source, new Random(4), 3, ga, gb);
        return Save(source);
    }

    private static Adam<double> Target()
    {
        var target = new Adam<double>(new AdamOptions { AmsGrad = true });
        var noDecay = target.AddGroup(new AdamOptions());
        target.Add("a", new double[] { 1, 2, 3 }, new double[] { 1, 1, 1 });
        noDecay.Add("b", new double[] { 4, 5 }, new double[] { 1, 1 });
        target.Step();
        return target;
    }
}
