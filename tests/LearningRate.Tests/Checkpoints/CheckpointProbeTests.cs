using System.Buffers.Binary;
using LearningRate.Checkpoints;
using LearningRate.Optimizers;
using LearningRate.Schedules;
using LearningRate.Tests.Infrastructure;
using static LearningRate.Tests.Checkpoints.CheckpointTestData;

namespace LearningRate.Tests.Checkpoints;

/// <summary>
/// The schedule fingerprint at its edges: a schedule that throws at a probe step (past an AfterEnd.Throw horizon, an
/// exponential that overflows, a lookup table that ends) saves, and loads only into a schedule that fails at exactly
/// the same probes; the probe steps are exactly those of the saved step count; and the consecutive-skip count fits
/// the loading optimizer's MaxConsecutiveSkips.
/// </summary>
public class CheckpointProbeTests
{
    /// <summary>The bits docs/checkpoints.md gives a probe at which the schedule throws: a quiet NaN whose payload spells "FAIL".</summary>
    private const long FailedProbe = 0x7FF8_0000_4641_494C;

    private static readonly double[] s_table = [.. Enumerable.Range(0, 50).Select(i => 0.01 / (1 + i))];

    public static TheoryData<string> FailingSchedules() => ["after-end-throw", "overflowing-exponential", "lookup-table"];

    [Theory]
    [MemberData(nameof(FailingSchedules))]
    public void AScheduleThatThrowsAtAProbe_Saves_AndResumesBitIdentically(string name)
    {
        var source = OneParameter(Failing(name));
        Train<double>(source, new Random(4), 5);
        var bytes = Save(source);

        // Probe 10^6 (and, for the table, 100 and beyond) is stored as the failure value.
        ProbeValues(bytes).Should().Contain(p => p.Step == 1_000_000 && p.Bits == FailedProbe);
        ProbeValues(bytes).Where(p => p.Step <= 10).Should().OnlyContain(p => p.Bits != FailedProbe, "the schedule gives a value at the steps a run reached");

        var target = OneParameter(Failing(name));
        Load(target, bytes);

        OptimizerSnapshot.Of<double>(target).Should().Be(OptimizerSnapshot.Of<double>(source));
        Save(target).Should().Equal(bytes);
        target.Step().LearningRate.Should().Be(source.Step().LearningRate);
    }

    [Fact]
    public void ABoundScheduleThatThrowsInvalidOperation_WhereTheSavedOneGaveAValue_IsAScheduleMismatch()
    {
        // Both give 0.01 up to step 999; the bound one returns a negative value from 1000 on, which At rejects.
        var source = OneParameter(Schedule.FromFunction(_ => 0.01));
        source.Step();
        var target = OneParameter(Schedule.FromFunction(step => step < 1000 ? 0.01 : -1));

        LoadFails<double>(target, Save(source), CheckpointError.ScheduleMismatch).Message
            .Should().Be("The learning-rate schedule of group 0 bound here fails at step 1000; the saved one gives 0.01. Bind the schedule the run was saved with.");
    }

    [Fact]
    public void ABoundScheduleThatThrowsArgumentOutOfRange_WhereTheSavedOneGaveAValue_IsAScheduleMismatch()
    {
        var source = OneParameter(Schedule.Cosine(0.01, 20));
        source.Step();
        var target = OneParameter(Schedule.Cosine(0.01, 20, afterEnd: AfterEnd.Throw));

        LoadFails<double>(target, Save(source), CheckpointError.ScheduleMismatch).Message
            .Should().Be("The learning-rate schedule of group 0 bound here fails at step 100; the saved one gives 0. Bind the schedule the run was saved with.");
    }

    [Fact]
    public void ABoundScheduleThatGivesAValue_WhereTheSavedOneFailed_IsAScheduleMismatch()
    {
        var source = OneParameter(Schedule.Cosine(0.01, 20, afterEnd: AfterEnd.Throw));
        source.Step();
        var target = OneParameter(Schedule.Cosine(0.01, 20));

        LoadFails<double>(target, Save(source), CheckpointError.ScheduleMismatch).Message
            .Should().Be("The learning-rate schedule of group 0 bound here gives 0 at step 100; the saved one fails. Bind the schedule the run was saved with.");
    }

    [Fact]
    public void AProbeMovedToAnotherStep_IsMalformed_EvenWhereTheBoundScheduleAgrees()
    {
        // Step 13 (the step count 3 + 10) moved to 14, with the value the schedule gives there: without the check
        // the load would pass and its re-save would differ from the file.
        var schedule = Schedule.Cosine(0.01, 20);
        var source = OneParameter(schedule);
        Train<double>(source, new Random(1), 3);
        var bytes = Save(source);
        var at = ProbeValues(bytes).Single(p => p.Step == 13).Offset;
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at), 14);
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(at + 8), schedule.At(14));

        LoadFails<double>(OneParameter(schedule), Reseal(bytes), CheckpointError.Malformed).Message
            .Should().Be("Probe 6 of the learning-rate schedule of group 0 is at step 14; a checkpoint at step 3 probes step 13 there.");
    }

    [Fact]
    public void AProbeDropped_IsMalformed_EvenWhereTheBoundScheduleAgrees()
    {
        var schedule = Schedule.Cosine(0.01, 20);
        var source = OneParameter(schedule);
        Train<double>(source, new Random(1), 3);
        var bytes = Save(source);
        var probes = ProbeValues(bytes);
        var last = probes[^1].Offset;
        AddToInt32(bytes, probes[0].Offset - 4, -1);
        var edited = Splice(bytes, last, 16, []);

        LoadFails<double>(OneParameter(schedule), edited, CheckpointError.Malformed).Message
            .Should().Be($"The learning-rate schedule of group 0 has {probes.Count - 1} probes; a checkpoint at step 3 has {probes.Count}.");
    }

    [Fact]
    public void MoreConsecutiveSkipsThanTheLoadingOptimizerAllows_IsMalformed()
    {
        var source = new Sgd<double>(new SgdOptions { LearningRate = 0.1 });
        var gradient = new double[] { double.NaN };
        source.Add("p", new double[1], gradient);
        for (var i = 0; i < 3; i++)
        {
            source.Step().Status.Should().Be(StepStatus.SkippedNonFinite);
        }

        var bytes = Save(source);
        var strict = new Sgd<double>(new SgdOptions { LearningRate = 0.1 }) { MaxConsecutiveSkips = 2 };
        strict.Add("p", new double[1], new double[1]);
        LoadFails<double>(strict, bytes, CheckpointError.Malformed).Message
            .Should().Be("The checkpoint has 3 consecutive skipped steps; this optimizer's MaxConsecutiveSkips is 2.");

        strict.MaxConsecutiveSkips = 3;
        Load(strict, bytes);
        strict.ConsecutiveSkips.Should().Be(3);
    }

    private static Schedule Failing(string name) => name switch
    {
        "after-end-throw" => Schedule.Cosine(0.01, 20, afterEnd: AfterEnd.Throw),
        "overflowing-exponential" => Schedule.Exponential(0.01, 2),
        _ => Schedule.FromFunction(step => s_table[step]),
    };

    private static Adam<double> OneParameter(Schedule schedule)
    {
        var adam = new Adam<double>();
        adam.Add("p", new double[2], new double[] { 1, -1 });
        adam.Groups[0].Schedule = schedule;
        return adam;
    }

    /// <summary>The learning-rate schedule's probes: step, value bits and the offset of the step field.</summary>
    private static List<(long Step, long Bits, int Offset)> ProbeValues(byte[] bytes)
    {
        var kindEnd = AfterKind(bytes);
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(kindEnd));
        var probes = new List<(long, long, int)>();
        for (var i = 0; i < count; i++)
        {
            var at = kindEnd + 4 + (16 * i);
            probes.Add((BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(at)), BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(at + 8)), at));
        }

        return probes;
    }

    private static int AfterKind(byte[] bytes)
    {
        foreach (var kind in new[] { "cosine", "exponential", "function" })
        {
            var encoded = BitConverter.GetBytes(kind.Length).Concat(System.Text.Encoding.UTF8.GetBytes(kind)).ToArray();
            if (bytes.AsSpan().IndexOf(encoded) >= 0)
            {
                return After(bytes, kind);
            }
        }

        throw new InvalidOperationException("No schedule kind in the checkpoint.");
    }
}
