using System.Buffers.Binary;
using System.Text.RegularExpressions;
using LearningRate.Checkpoints;
using LearningRate.Controllers;
using LearningRate.Optimizers;
using LearningRate.Schedules;
using LearningRate.Tests.Infrastructure;
using static LearningRate.Tests.Checkpoints.CheckpointTestData;

namespace LearningRate.Tests.Checkpoints;

/// <summary>
/// The optimizer section cut short at every byte, with the section and payload lengths and the checksum
/// fixed so that the parser itself runs out of data: every field of the format (options, schedules,
/// controllers, state blocks, parameter records) is reached, and each failure names the field it was reading;
/// in format 2 as written, and in format 1 on a committed format-1 file.
/// </summary>
public partial class CheckpointFieldTruncationTests
{
    // Payload: int32 section count, string "optimizer" (4 + 9 bytes), int64 section length, then the section.
    private const int SectionAt = OptimizerSectionLengthAt + 8;

    [Fact]
    public void EveryCutInsideTheSection_IsMalformed_NamingItsField_AndChangesNothing()
    {
        var fields = FieldsReached<double>(Save(Build(trained: true)), () => Build(trained: false));

        // Every field reached names itself. Not in the list: fields whose bytes a count before them already
        // guarantees (a probe's step and value, 16 bytes each behind the probe count; the first options, the start
        // of the first parameter record and of each block's first buffers, behind the option, parameter and buffer
        // counts' minimum sizes).
        fields.Order(StringComparer.Ordinal).Should().Equal(
        [
            "a bold-driver reference loss", "a bold-driver report count", "a bold-driver scale", "a buffer name of parameter 'a'",
            "a buffer name of parameter 'b'", "a parameter name", "a plateau bad-report count", "a plateau best metric", "a plateau cooldown",
            "a plateau learning rate", "a plateau report count", "an option name of group 0", "an option name of group 1",
            "buffer 'exp_avg' of parameter 'a'", "buffer 'exp_avg_sq' of parameter 'a'", "buffer 'exp_avg_sq' of parameter 'b'",
            "buffer 'max_exp_avg_sq' of parameter 'a'", "buffer 'max_exp_avg_sq' of parameter 'b'", "option 'AmsGrad'", "option 'Beta2'",
            "option 'DecoupledWeightDecay'", "option 'Epsilon'", "option 'LearningRate'", "option 'Maximize'", "option 'WeightDecay'",
            "the buffer count of group 0", "the buffer count of group 1", "the buffer count of parameter 'a'", "the buffer count of parameter 'b'",
            "the buffer count of the optimizer", "the consecutive skip count", "the controller count of group 0", "the controller count of group 1",
            "the element type", "the element type of buffer 'exp_avg_sq' of parameter 'a'",
            "the element type of buffer 'exp_avg_sq' of parameter 'b'", "the element type of buffer 'max_exp_avg_sq' of parameter 'a'",
            "the element type of buffer 'max_exp_avg_sq' of parameter 'b'", "the group count", "the group of parameter 'b'",
            "the kind of controller 0 of group 0", "the kind of controller 1 of group 0", "the kind of the learning-rate schedule of group 0",
            "the kind of the momentum schedule of group 0", "the last learning rate of group 0", "the last learning rate of group 1",
            "the learning rate of group 0", "the learning rate of group 1", "the length of buffer 'exp_avg_sq' of parameter 'a'",
            "the length of buffer 'exp_avg_sq' of parameter 'b'", "the length of buffer 'max_exp_avg_sq' of parameter 'a'",
            "the length of buffer 'max_exp_avg_sq' of parameter 'b'", "the length of parameter 'a'", "the length of parameter 'b'",
            "the optimizer kind", "the option count of group 0", "the option count of group 1", "the options kind of group 0",
            "the options kind of group 1", "the parameter count", "the presence of group 0's last learning rate",
            "the presence of group 1's last learning rate", "the presence of the learning-rate schedule of group 0",
            "the presence of the learning-rate schedule of group 1", "the presence of the momentum schedule of group 0",
            "the presence of the momentum schedule of group 1", "the probe count of the learning-rate schedule of group 0",
            "the probe count of the momentum schedule of group 0", "the scalar count of group 0", "the scalar count of group 1",
            "the scalar count of parameter 'a'", "the scalar count of parameter 'b'", "the scalar count of the optimizer", "the step count",
            "the step count of parameter 'a'", "the step count of parameter 'b'", "the type of option 'DecoupledWeightDecay'",
            "the type of option 'Epsilon'", "the type of option 'LearningRate'", "the type of option 'Maximize'", "the type of option 'WeightDecay'",
            "the values of parameter 'a'", "the values of parameter 'b'",
        ]);
    }

    [Fact]
    public void EveryCutInsideAScalar_IsMalformed_NamingItsField()
    {
        // Adam declares no scalar: SGD's "momentum_started" is the one a parameter record holds.
        static Sgd<double> Sgd(bool trained)
        {
            var gradient = new double[2];
            var sgd = new Sgd<double>(new SgdOptions { LearningRate = 0.1, Momentum = 0.9 });
            sgd.Add("p", new double[] { 1, 2 }, gradient);
            if (trained)
            {
                Train(sgd, new Random(7), 2, gradient);
            }

            return sgd;
        }

        var fields = FieldsReached<double>(Save(Sgd(trained: true)), () => Sgd(trained: false));

        fields.Should().Contain(["a scalar name of parameter 'p'", "scalar 'momentum_started' of parameter 'p'", "the scalar count of parameter 'p'"]);
    }

    [Fact]
    public void EveryCutInsideAFormat1Section_IsMalformed_NamingItsField_AndChangesNothing()
    {
        // The committed format-1 file of an Adam (float) with a cosine schedule, a plateau and a bold driver.
        const string Name = "controller-both-with-cosine";
        var fields = FieldsReached<float>(FormatOneFile(Name), () => V1.V1Cases.All[Name](true).Optimizer);

        fields.Order(StringComparer.Ordinal).Should().Equal(
        [
            "a bold-driver reference loss", "a bold-driver report count", "a bold-driver scale", "a parameter name", "a plateau bad-report count",
            "a plateau best metric", "a plateau cooldown", "a plateau learning rate", "a plateau report count", "an option name of group 0",
            "option 'AmsGrad'", "option 'Beta2'", "option 'DecoupledWeightDecay'", "option 'Epsilon'", "option 'LearningRate'", "option 'Maximize'",
            "option 'WeightDecay'", "slot 0 of parameter 'b'", "slot 0 of parameter 'w'", "slot 1 of parameter 'b'", "slot 1 of parameter 'w'",
            "slot 2 of parameter 'b'", "slot 2 of parameter 'w'", "the consecutive skip count", "the controller count of group 0", "the element size",
            "the flags of parameter 'b'", "the group count", "the group of parameter 'b'", "the kind of controller 0 of group 0",
            "the kind of controller 1 of group 0", "the last learning rate of group 0", "the learning rate of group 0", "the length of parameter 'b'",
            "the length of parameter 'w'", "the optimizer kind", "the option count of group 0", "the options type of group 0", "the parameter count",
            "the presence of group 0's last learning rate", "the presence of the learning-rate schedule of group 0",
            "the presence of the momentum schedule of group 0", "the probe count of the learning-rate schedule of group 0",
            "the state slot count of parameter 'b'", "the step count", "the step count of parameter 'b'", "the step count of parameter 'w'",
            "the type of controller 0 of group 0", "the type of controller 1 of group 0", "the type of option 'DecoupledWeightDecay'",
            "the type of option 'Epsilon'", "the type of option 'LearningRate'", "the type of option 'Maximize'", "the type of option 'WeightDecay'",
            "the type of the learning-rate schedule of group 0", "the values of parameter 'b'", "the values of parameter 'w'",
        ]);
    }

    /// <summary>
    /// Cuts the optimizer section of <paramref name="valid"/> at every byte and overwrites each byte with 0xFF;
    /// checks every failure is Malformed (for cuts) with a clean message and an unchanged target, and returns the fields named.
    /// </summary>
    private static HashSet<string> FieldsReached<T>(byte[] valid, Func<IOptimizer> target)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sectionLength = BinaryPrimitives.ReadInt64LittleEndian(valid.AsSpan(OptimizerSectionLengthAt));
        sectionLength.Should().Be(valid.Length - SectionAt - 8, "one section fills the payload");
        var fields = new HashSet<string>(StringComparer.Ordinal);

        for (var cut = 1; cut <= sectionLength; cut++)
        {
            var bytes = valid[..^(8 + cut)].Concat(new byte[8]).ToArray();
            AdjustLengths(bytes, -cut);

            var message = LoadFails<T>(target(), Reseal(bytes), CheckpointError.Malformed).Message;

            message.Should().NotStartWith(" ", $"cut {cut}").And.NotContain("  ", $"cut {cut}").And.NotContain("inside :", $"cut {cut}");
            var field = FieldOf(message);
            field.Should().NotBeNull($"cut {cut} must name a field: {message}");
            fields.Add(field!);
        }

        // Counts guard the fields behind them (a cut inside group 0's options fails on the option count), so
        // overwrite each byte with 0xFF as well: a length or count prefix becomes too large for its own field.
        for (var at = SectionAt; at < valid.Length - 8; at++)
        {
            var bytes = valid.ToArray();
            bytes[at] = 0xFF;
            var optimizer = target();
            var before = OptimizerSnapshot.Of<T>(optimizer);
            try
            {
                Load(optimizer, Reseal(bytes));
                continue;
            }
            catch (CheckpointException e) when (e.Error == CheckpointError.Malformed)
            {
                e.Message.Should().NotStartWith(" ", $"byte {at}").And.NotContain("  ", $"byte {at}").And.NotContain("inside :", $"byte {at}");
                if (FieldOf(e.Message) is { } field)
                {
                    fields.Add(field);
                }
            }
            catch (CheckpointException)
            {
            }

            OptimizerSnapshot.Of<T>(optimizer).Should().Be(before);
        }

        return fields;
    }

    /// <summary>The field a truncation message names: "The checkpoint ends inside F: …", "F needs …", "F declares …" or "F is …".</summary>
    private static string? FieldOf(string message)
    {
        var inside = InsidePattern().Match(message);
        if (inside.Success)
        {
            return inside.Groups[1].Value;
        }

        var leading = LeadingPattern().Match(message);
        return leading.Success ? leading.Groups[1].Value : null;
    }

    private static Adam<double> Build(bool trained)
    {
        var gradient = new double[3];
        var adam = new Adam<double>(new AdamOptions { LearningRate = 0.05, AmsGrad = true });
        var second = adam.AddGroup(new AdamOptions { WeightDecay = 0.5, AmsGrad = true });
        adam.Add("a", new double[] { 1, 2, 3 }, gradient);
        second.Add("b", new double[] { 4, 5 }, new double[] { 0.5, -0.5 });
        var schedule = PyTorchSchedules.OneCycleLR(0.05, 30);
        adam.Groups[0].Schedule = schedule;
        adam.Groups[0].MomentumSchedule = schedule.Momentum;
        var plateau = new ReduceOnPlateau(new ReduceOnPlateauOptions { Patience = 2, BaseLearningRate = 0.05 });
        var driver = new BoldDriver();
        adam.Groups[0].AddController(plateau);
        adam.Groups[0].AddController(driver);
        if (trained)
        {
            Train(adam, new Random(5), 4, gradient);
            plateau.Report(1.5);
            driver.Report(1.5);
        }

        return adam;
    }

    [GeneratedRegex("^The checkpoint ends inside (.+?): ")]
    private static partial Regex InsidePattern();

    [GeneratedRegex("^([a-z].*?) (?:needs|declares|is) ")]
    private static partial Regex LeadingPattern();
}
