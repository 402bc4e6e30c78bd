using System.Buffers.Binary;
using System.Text;
using LearningRate.Checkpoints;
using LearningRate.Optimizers;
using LearningRate.Tests.Optimizers;
using static LearningRate.Tests.Checkpoints.CheckpointTestData;

namespace LearningRate.Tests.Checkpoints;

/// <summary>
/// Format 2's state blocks (docs/checkpoints.md: int32 scalar count, (name, double) each; int32 buffer count,
/// (name, element tag, int64 length, elements) each), edited in saved checkpoints and resealed: names the
/// algorithm does not declare, names twice, a wrong element type, a wrong length and values that break a
/// declared invariant are all rejected, naming the buffer or scalar, and change nothing.
/// </summary>
public class CheckpointStateBlockTests
{
    private const int Length = 3;

    [Theory]
    [InlineData("exp_avg", "exp_avX")]
    [InlineData("exp_avg", "EXP_AVG")]
    [InlineData("exp_avg", "")]
    [InlineData("exp_avg", "momentum_buffer")] // another algorithm's buffer
    [InlineData("exp_avg", "momentum_started")] // a scalar's name, in the buffer list
    public void ABufferNameTheAlgorithmDoesNotDeclare_IsMalformed(string saved, string renamed)
    {
        var bytes = Rename(Saved("adam"), saved, renamed);

        LoadFails<double>(Target("adam"), bytes, CheckpointError.Malformed).Message
            .Should().Be($"Parameter 'p' has a buffer '{renamed}', which adam does not declare for it, or has it twice.");
    }

    [Fact]
    public void ABufferTwice_IsMalformed()
    {
        // Renaming v to m leaves two "exp_avg" entries of the right type and length (v's values fit m's invariant too).
        var bytes = Rename(Saved("adam"), "exp_avg_sq", "exp_avg");

        LoadFails<double>(Target("adam"), bytes, CheckpointError.Malformed).Message
            .Should().Be("Parameter 'p' has a buffer 'exp_avg', which adam does not declare for it, or has it twice.");
    }

    [Fact]
    public void ABufferCopiedWhole_IsMalformed()
    {
        var bytes = Saved("adam");
        var entry = After(bytes, "exp_avg") - 4 - "exp_avg".Length;
        var entryBytes = 4 + "exp_avg".Length + 1 + 8 + (Length * sizeof(double));
        AddToInt32(bytes, entry - 4, 1);

        var edited = Splice(bytes, entry, 0, bytes.AsSpan(entry, entryBytes));

        LoadFails<double>(Target("adam"), edited, CheckpointError.Malformed).Message.Should().Contain("buffer 'exp_avg'").And.Contain("twice");
    }

    [Theory]
    [InlineData(typeof(float), 2, "double")]
    [InlineData(typeof(double), 1, "float")]
    [InlineData(typeof(float), 3, "Half")]
    [InlineData(typeof(float), 0, "element type 0")] // "the parameters' type" is a declaration, never stored
    [InlineData(typeof(double), 9, "element type 9")]
    public void ABufferOfAnotherElementType_IsAnElementTypeMismatch(Type element, byte tag, string named)
    {
        var here = element == typeof(float) ? "float" : "double";
        var bytes = element == typeof(float) ? Saved<float>("adam") : Saved<double>("adam");
        var at = After(bytes, "exp_avg_sq");
        bytes[at].Should().Be(element == typeof(float) ? (byte)1 : (byte)2, "the element tag follows the buffer's name");
        bytes[at] = tag;

        var message = element == typeof(float)
            ? LoadFails<float>(Target<float>("adam"), Reseal(bytes), CheckpointError.ElementTypeMismatch).Message
            : LoadFails<double>(Target<double>("adam"), Reseal(bytes), CheckpointError.ElementTypeMismatch).Message;

        message.Should().Be($"Buffer 'exp_avg_sq' of parameter 'p' holds {named} elements; here it holds {here}.");
    }

    [Theory]
    [InlineData(2L)]
    [InlineData(4L)]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MaxValue)]
    public void ABufferLengthOtherThanTheParameters_IsMalformed(long length)
    {
        var bytes = Saved("rmsprop-centered-momentum-weight-decay");
        var at = After(bytes, "grad_avg") + 1;
        BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(at)).Should().Be(Length);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at), length);

        LoadFails<double>(Target("rmsprop-centered-momentum-weight-decay"), Reseal(bytes), CheckpointError.Malformed).Message
            .Should().Be($"Buffer 'grad_avg' of parameter 'p' has {length} elements; it needs {Length}.");
    }

    [Theory]
    [InlineData("adam", "exp_avg_sq", -1.0)]
    [InlineData("adam", "exp_avg_sq", double.NegativeInfinity)]
    [InlineData("adam-amsgrad", "max_exp_avg_sq", -1e-300)]
    [InlineData("adagrad", "sum", -0.5)]
    [InlineData("rmsprop-centered-momentum-weight-decay", "square_avg", -2.0)]
    public void ANegativeSecondMoment_IsMalformed(string @case, string buffer, double value)
    {
        var bytes = Saved(@case);
        BitConverter.GetBytes(value).CopyTo(bytes, ElementAt(bytes, buffer, 1));

        LoadFails<double>(Target(@case), Reseal(bytes), CheckpointError.Malformed).Message
            .Should().Be($"Element 1 of buffer '{buffer}' of parameter 'p' breaks its invariant (NonNegative).");
    }

    [Theory]
    [InlineData("adam", "exp_avg_sq", double.NaN)] // a run under NonFinitePolicy.Propagate may hold NaN state
    [InlineData("adam", "exp_avg_sq", -0.0)]
    [InlineData("adam-amsgrad", "max_exp_avg_sq", double.NaN)]
    [InlineData("adagrad", "sum", double.NaN)]
    [InlineData("rmsprop-centered-momentum-weight-decay", "square_avg", double.NaN)]
    [InlineData("adam", "exp_avg", -1.0)] // no invariant on first moments, velocities and centred averages
    [InlineData("rmsprop-centered-momentum-weight-decay", "grad_avg", -1.0)]
    [InlineData("rmsprop-centered-momentum-weight-decay", "momentum_buffer", double.NegativeInfinity)]
    [InlineData("sgd-momentum", "momentum_buffer", -3.0)]
    public void AValueTheInvariantAllows_Loads_AndReSavesByteForByte(string @case, string buffer, double value)
    {
        var bytes = Saved(@case);
        BitConverter.GetBytes(value).CopyTo(bytes, ElementAt(bytes, buffer, 1));
        bytes = Reseal(bytes);
        var target = Target(@case);

        Load(target, bytes);

        Save(target).Should().Equal(bytes, "the loaded state is exactly the edited one");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    [InlineData(-1.0)]
    [InlineData(-0.0)] // 0 and 1 are the only values: -0 is another encoding of "not started"
    [InlineData(double.NaN)] // a flag is only ever set to 1 by a step: NaN is damage, not a propagated NaN
    [InlineData(double.PositiveInfinity)]
    public void AMomentumStartedOtherThan0Or1_IsMalformed(double value)
    {
        var bytes = Saved("sgd-momentum");
        var at = After(bytes, "momentum_started");
        BitConverter.ToDouble(bytes, at).Should().Be(1, "the buffer has started after two steps");
        BitConverter.GetBytes(value).CopyTo(bytes, at);

        LoadFails<double>(Target("sgd-momentum"), Reseal(bytes), CheckpointError.Malformed).Message
            .Should().StartWith("Scalar 'momentum_started' of parameter 'p' is ").And.EndWith("which breaks its invariant (Flag).");
    }

    [Theory]
    [InlineData("sgd-momentum", 0.0)]
    [InlineData("sgd-momentum", 1.0)]
    [InlineData("sgd", 1.0)] // without momentum the flag is kept but unused
    public void AMomentumStartedOf0Or1_Loads(string @case, double value)
    {
        var bytes = Saved(@case);
        BitConverter.GetBytes(value).CopyTo(bytes, After(bytes, "momentum_started"));
        bytes = Reseal(bytes);
        var target = Target(@case);

        Load(target, bytes);

        Save(target).Should().Equal(bytes);
    }

    [Theory]
    [InlineData("momentum_startex")]
    [InlineData("momentum_buffer")] // a buffer's name, in the scalar list
    public void AScalarNameTheAlgorithmDoesNotDeclare_IsMalformed(string renamed)
    {
        var bytes = Rename(Saved("sgd-momentum"), "momentum_started", renamed);

        LoadFails<double>(Target("sgd-momentum"), bytes, CheckpointError.Malformed).Message
            .Should().Be($"Parameter 'p' has a scalar '{renamed}', which sgd does not declare for it, or has it twice.");
    }

    [Fact]
    public void AScalarTwice_IsMalformed()
    {
        var bytes = Saved("sgd-momentum");
        var entry = After(bytes, "momentum_started") - 4 - "momentum_started".Length;
        AddToInt32(bytes, entry - 4, 1);

        var edited = Splice(bytes, entry, 0, bytes.AsSpan(entry, 4 + "momentum_started".Length + 8));

        LoadFails<double>(Target("sgd-momentum"), edited, CheckpointError.Malformed).Message
            .Should().Be("Parameter 'p' has a scalar 'momentum_started', which sgd does not declare for it, or has it twice.");
    }

    [Fact]
    public void AMissingScalar_IsMalformed()
    {
        var bytes = Saved("momentum");
        var entry = After(bytes, "momentum_started") - 4 - "momentum_started".Length;
        AddToInt32(bytes, entry - 4, -1);

        var edited = Splice(bytes, entry, 4 + "momentum_started".Length + 8, []);

        LoadFails<double>(Target("momentum"), edited, CheckpointError.Malformed).Message.Should().Be("Parameter 'p' lacks scalar 'momentum_started'.");
    }

    [Fact]
    public void AScalarOfAnotherAlgorithm_IsMalformed()
    {
        // Adam's parameter record gets SGD's flag: the scalar count goes from 0 to 1.
        var bytes = Saved("adam");
        var scalars = After(bytes, "p") + 4 + 8 + 8;
        BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(scalars)).Should().Be(0);
        AddToInt32(bytes, scalars, 1);

        var edited = Splice(bytes, scalars + 4, 0, Entry("momentum_started", BitConverter.GetBytes(1.0)));

        LoadFails<double>(Target("adam"), edited, CheckpointError.Malformed).Message
            .Should().Be("Parameter 'p' has a scalar 'momentum_started', which adam does not declare for it, or has it twice.");
    }

    [Fact]
    public void AParameterScalarInTheGroupBlock_IsMalformed()
    {
        // A single SGD group without schedule or controllers: its state block follows the controller count.
        var bytes = Saved("sgd");
        var groupBlock = After(bytes, "WeightDecay") + 1 + 8 + 8 + 1 + 8 + 1 + 1 + 4;
        BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(groupBlock)).Should().Be(0, "an empty scalar list and an empty buffer list");
        AddToInt32(bytes, groupBlock, 1);

        var edited = Splice(bytes, groupBlock + 4, 0, Entry("momentum_started", BitConverter.GetBytes(0.0)));

        LoadFails<double>(Target("sgd"), edited, CheckpointError.Malformed).Message
            .Should().Be("Group 0 has a scalar 'momentum_started', which sgd does not declare for it, or has it twice.");
    }

    [Fact]
    public void AParameterBufferInTheOptimizerBlock_IsMalformed()
    {
        // The optimizer's block follows the kind, the element tag, the step count and the skip count.
        var bytes = Saved("adam");
        var optimizerBlock = After(bytes, "adam") + 1 + 8 + 4;
        AddToInt32(bytes, optimizerBlock + 4, 1);
        byte[] buffer = [.. Entry("exp_avg", [2]), .. BitConverter.GetBytes(0L)];

        var edited = Splice(bytes, optimizerBlock + 8, 0, buffer);

        LoadFails<double>(Target("adam"), edited, CheckpointError.Malformed).Message
            .Should().Be("The optimizer has a buffer 'exp_avg', which adam does not declare for it, or has it twice.");
    }

    [Fact]
    public void AnEmptyParameter_RoundTripsItsEmptyBuffers()
    {
        // The smallest buffer entry ("sum", tag, length 0: 16 bytes) ends the section: the counts' bounds allow it.
        var source = new AdaGrad<float>();
        source.Add("p", Memory<float>.Empty, Memory<float>.Empty);
        source.Step();
        var bytes = Save(source);
        var target = new AdaGrad<float>();
        target.Add("p", Memory<float>.Empty, Memory<float>.Empty);

        Load(target, bytes);

        target.StepCount.Should().Be(1);
        Save(target).Should().Equal(bytes);
    }

    private static byte[] Saved(string @case) => Saved<double>(@case);

    private static byte[] Saved<T>(string @case)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var gradient = new T[Length];
        var source = OptimizerCases.All[@case].Create<T>(new T[] { T.One, T.CreateTruncating(-2), T.CreateTruncating(3) }, gradient);
        Train(source, new Random(4), 2, gradient);
        return Save(source);
    }

    private static IOptimizer Target(string @case) => Target<double>(@case);

    private static IOptimizer Target<T>(string @case)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var gradient = new T[Length];
        var target = OptimizerCases.All[@case].Create<T>(new T[Length], gradient);
        gradient.AsSpan().Fill(T.One);
        target.Step();
        return target;
    }

    /// <summary>Where element <paramref name="index"/> of a double buffer starts: after its name, tag and length.</summary>
    private static int ElementAt(byte[] bytes, string buffer, int index) => After(bytes, buffer) + 1 + 8 + (index * sizeof(double));

    /// <summary>Replaces the length-prefixed string <paramref name="from"/> with <paramref name="to"/>.</summary>
    private static byte[] Rename(byte[] bytes, string from, string to)
    {
        var end = After(bytes, from);
        var start = end - 4 - Encoding.UTF8.GetByteCount(from);
        return Splice(bytes, start, end - start, Entry(to, []));
    }

    /// <summary>A length-prefixed string followed by <paramref name="rest"/>.</summary>
    private static byte[] Entry(string name, byte[] rest) =>
        [.. BitConverter.GetBytes(Encoding.UTF8.GetByteCount(name)), .. Encoding.UTF8.GetBytes(name), .. rest];
}
