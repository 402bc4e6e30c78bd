using LearningRate.Checkpoints;
using LearningRate.Optimizers;
using LearningRate.Schedules;
using LearningRate.Tests.Infrastructure;
using LearningRate.Training;

namespace LearningRate.Tests.Checkpoints;

/// <summary>
/// Weight averages as a checkpoint extra: saved beside the optimizer mid-run and loaded into freshly built ones, a
/// run resumes bit for bit (averages, count, when the next average is due, a swap in progress); a checkpoint that
/// does not fit the averages it is loaded into changes neither them nor the optimizer.
/// </summary>
public class CheckpointAveragesTests
{
    private const int Length = 45;

    public static TheoryData<string> Methods() => ["SWA", "EMA 0.99", "EMA 0.3", "SWA from 4 every 3"];

    [Theory]
    [MemberData(nameof(Methods))]
    public void Resume_IsBitIdentical(string method)
    {
        Check<float>(method, swappedAtSave: false, forwardOnly: false);
        Check<double>(method, swappedAtSave: false, forwardOnly: true);
        Check<double>(method, swappedAtSave: true, forwardOnly: false);

        static void Check<T>(string method, bool swappedAtSave, bool forwardOnly)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            const int Steps = 24, SaveAt = 11;
            var (uninterrupted, g0, a0) = Build<T>(method, new Random(4));
            Run(uninterrupted, g0, a0, new Random(6), 0, Steps);

            var (first, g1, a1) = Build<T>(method, new Random(4));
            var gradients = new Random(6);
            Run(first, g1, a1, gradients, 0, SaveAt);
            if (swappedAtSave)
            {
                a1.Swap();
            }

            using var stream = new MemoryStream();
            Checkpoint.Save(first, stream, ("averages", a1));

            var (resumed, g2, a2) = Build<T>(method, new Random(99));
            Checkpoint.Load(resumed, forwardOnly ? new ForwardOnlyStream(stream.ToArray()) : new MemoryStream(stream.ToArray()), strict: true, ("averages", a2));
            a2.IsSwapped.Should().Be(swappedAtSave);
            if (swappedAtSave)
            {
                a2.Swap();
            }

            Run(resumed, g2, a2, gradients, SaveAt, Steps);

            OptimizerSnapshot.Of<T>(resumed).Should().Be(OptimizerSnapshot.Of<T>(uninterrupted));
            a2.Count.Should().Be(a0.Count);
            TestData.ShouldHaveSameBits<T>(a2.GetAverage("w"), a0.GetAverage("w"), $"{method} {typeof(T).Name}: w");
            TestData.ShouldHaveSameBits<T>(a2.GetAverage("b"), a0.GetAverage("b"), $"{method} {typeof(T).Name}: b");
        }
    }

    [Fact]
    public void AnUpdateAveragedBeforeTheSave_IsNotAveragedAgainAfterTheLoad()
    {
        var (sgd, g, averaged) = Build<double>("EMA 0.99", new Random(1));
        Run(sgd, g, averaged, new Random(2), 0, 3);
        using var stream = new MemoryStream();
        Checkpoint.Save(sgd, stream, ("averages", averaged));
        var (resumed, _, restored) = Build<double>("EMA 0.99", new Random(1));
        Checkpoint.Load(resumed, new MemoryStream(stream.ToArray()), strict: true, ("averages", restored));
        restored.Update().Should().BeFalse("update 2 is in the average already");
        restored.Count.Should().Be(3);
    }

    public static TheoryData<string, string, CheckpointError> Mismatches() => new()
    {
        { "SWA", "EMA 0.99", CheckpointError.InvalidOptions },
        { "EMA 0.99", "EMA 0.3", CheckpointError.InvalidOptions },
        { "SWA", "SWA from 4 every 3", CheckpointError.InvalidOptions },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void OtherOptions_AreInvalidOptions_AndChangeNothing(string saved, string loaded, CheckpointError error)
    {
        var bytes = SaveAfter<double>(saved, 8);
        var (target, _, averages) = Build<double>(loaded, new Random(7));
        averages.AverageNow();
        LoadFails<double>(target, averages, bytes, error).Message.Should().Contain("were saved as");
    }

    [Fact]
    public void FloatAverages_IntoDoubleOnes_AreAnElementTypeMismatch_AndChangeNothing()
    {
        // A double optimizer saved with the averages of a float one over parameters of the same names.
        var (sgd, g, _) = Build<double>("SWA", new Random(4));
        var (floatSgd, gf, floatAverages) = Build<float>("SWA", new Random(4));
        Run(floatSgd, gf, floatAverages, new Random(6), 0, 8);
        using var stream = new MemoryStream();
        Checkpoint.Save(sgd, stream, ("averages", floatAverages));

        var (target, _, averages) = Build<double>("SWA", new Random(7));
        averages.AverageNow();
        LoadFails<double>(target, averages, stream.ToArray(), CheckpointError.ElementTypeMismatch).Message.Should().Contain("4-byte");
        _ = g;
    }

    [Fact]
    public void AveragesOfAnotherParameter_AreAParameterMismatch_AndChangeNothing()
    {
        var bytes = SaveAfter<double>("SWA", 6);
        var (target, _, _) = Build<double>("SWA", new Random(7));

        // Averages built over another optimizer whose second parameter has another name.
        var other = new Sgd<double>(new SgdOptions { LearningRate = 0.05 });
        other.Add("w", new double[Length], new double[Length]);
        other.Add("bias", new double[3], new double[3]);
        var averages = new AveragedParameters<double>(other, start: 6);
        averages.AverageNow();
        LoadFails<double>(target, averages, bytes, CheckpointError.ParameterUnexpected).Message.Should().Contain("'b'");
    }

    [Fact]
    public void AnAverageOfAnotherLength_IsALengthMismatch_AndChangesNothing()
    {
        var bytes = SaveAfter<double>("SWA", 6);
        var (target, _, _) = Build<double>("SWA", new Random(7));
        var other = new Sgd<double>(new SgdOptions { LearningRate = 0.05 });
        other.Add("w", new double[Length + 1], new double[Length + 1]);
        other.Add("b", new double[3], new double[3]);
        var averages = new AveragedParameters<double>(other, start: 6);
        averages.AverageNow();
        LoadFails<double>(target, averages, bytes, CheckpointError.LengthMismatch);
    }

    private static byte[] SaveAfter<T>(string method, int steps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (sgd, g, averaged) = Build<T>(method, new Random(4));
        Run(sgd, g, averaged, new Random(6), 0, steps);
        using var stream = new MemoryStream();
        Checkpoint.Save(sgd, stream, ("averages", averaged));
        return stream.ToArray();
    }

    /// <summary>Asserts that loading fails with <paramref name="error"/> and leaves optimizer and averages as they were.</summary>
    private static CheckpointException LoadFails<T>(IOptimizer optimizer, AveragedParameters<T> averages, byte[] bytes, CheckpointError error)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var before = OptimizerSnapshot.Of<T>(optimizer);
        var (count, w) = (averages.Count, averages.GetAverage("w").ToArray());
        var act = () => Checkpoint.Load(optimizer, new MemoryStream(bytes), strict: true, ("averages", averages));
        var exception = act.Should().Throw<CheckpointException>().Which;
        exception.Error.Should().Be(error, exception.Message);
        OptimizerSnapshot.Of<T>(optimizer).Should().Be(before);
        averages.Count.Should().Be(count);
        averages.IsSwapped.Should().BeFalse();
        TestData.ShouldHaveSameBits<T>(averages.GetAverage("w"), w, "unchanged");
        return exception;
    }

    /// <summary>SGD with momentum over two parameters in two groups, the first scheduled with an SWA anneal, and its averages.</summary>
    private static (Sgd<T> Optimizer, T[][] Gradients, AveragedParameters<T> Averages) Build<T>(string method, Random values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sgd = new Sgd<T>(new SgdOptions { LearningRate = 0.05, Momentum = 0.9 });
        var (gw, gb) = (new T[Length], new T[3]);
        sgd.Add("w", TestData.Uniform<T>(values, Length, -1, 1), gw);
        sgd.AddGroup(new SgdOptions { LearningRate = 0.01 }).Add("b", TestData.Uniform<T>(values, 3, -1, 1), gb);
        sgd.Groups[0].Schedule = Schedule.Constant(0.05).ThenSwaAnneal(6, 0.01, 4);
        var averages = method switch
        {
            "SWA" => new AveragedParameters<T>(sgd, start: 6),
            "EMA 0.99" => new AveragedParameters<T>(sgd, decay: 0.99),
            "EMA 0.3" => new AveragedParameters<T>(sgd, decay: 0.3, start: 2),
            _ => new AveragedParameters<T>(sgd, start: 4, period: 3),
        };
        return (sgd, [gw, gb], averages);
    }

    private static void Run<T>(Sgd<T> sgd, T[][] gradients, AveragedParameters<T> averages, Random random, int from, int to)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var step = from; step < to; step++)
        {
            foreach (var gradient in gradients)
            {
                for (var i = 0; i < gradient.Length; i++)
                {
                    gradient[i] = T.CreateTruncating(random.NextDouble() - 0.45);
                }
            }

            sgd.Step();
            averages.Update();
        }
    }

    /// <summary>A stream that can only be read forward: the checkpoint is staged in a temporary file to be loaded.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data, writable: false);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
