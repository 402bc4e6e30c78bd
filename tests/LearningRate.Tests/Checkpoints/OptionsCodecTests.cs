using LearningRate.Checkpoints;
using LearningRate.Optimizers;
using LearningRate.Training;

namespace LearningRate.Tests.Checkpoints;

/// <summary>
/// The options codec on every type tag of the format (docs/checkpoints.md: 1 double, 2 bool, 3 int32,
/// 4 int64, 5 enum as int64). Today's options records use only doubles and bools, so the integer and
/// enum tags are exercised through a record that exists only here.
/// </summary>
public class OptionsCodecTests
{
    [Fact]
    public void EveryTag_RoundTripsExactly()
    {
        var saved = new EveryTagOptions { LearningRate = 0.25, WeightDecay = 1e-3, Maximize = true, HistorySize = -7, Seed = long.MaxValue - 3, Norm = NormType.Infinity };

        var read = RoundTrip(saved, new EveryTagOptions());

        read.Should().Be(saved);
    }

    [Fact]
    public void Write_LaysOutNameTagAndValue_InOrdinalNameOrder()
    {
        var writer = new CheckpointWriter();
        OptionsCodec.Write(writer, new EveryTagOptions { HistorySize = 3, Seed = 5, Norm = NormType.L1 });

        var reader = new CheckpointReader(writer.Written);
        reader.ReadString("kind").Should().Be("every-tag", "format 2 names the record by its kind, not its CLR name");
        reader.ReadInt32("count").Should().Be(6);
        var tags = new List<(string Name, byte Tag, long Value)>();
        for (var i = 0; i < 6; i++)
        {
            var name = reader.ReadString("name");
            var tag = reader.ReadByte("tag");
            long value = tag switch
            {
                1 => (long)reader.ReadDouble("double"),
                2 => reader.ReadByte("bool"),
                3 => reader.ReadInt32("int32"),
                _ => reader.ReadInt64("int64"),
            };
            tags.Add((name, tag, value));
        }

        tags.Should().Equal(("HistorySize", 3, 3), ("LearningRate", 1, 1), ("Maximize", 2, 0), ("Norm", 5, 1), ("Seed", 4, 5), ("WeightDecay", 1, 0));
        reader.Remaining.Should().Be(0);
    }

    [Theory]
    [InlineData("Window")]
    [InlineData("Norm")]
    [InlineData("Seed")]
    public void Read_AnIntegerOrEnumCutShort_NamesTheOption(string option)
    {
        // Cut inside the value: the options before it are long enough to pass the option count's check.
        OptimizerOptions options = option == "Window" ? new LateIntegerOptions() : new EveryTagOptions();
        var writer = new CheckpointWriter();
        OptionsCodec.Write(writer, options);
        var name = System.Text.Encoding.ASCII.GetBytes(option);
        var end = writer.Written.IndexOf(name) + name.Length + 2; // the tag and the value's first byte

        var act = () =>
        {
            var reader = new CheckpointReader(writer.Written[..end]);
            return OptionsCodec.Read(ref reader, options, group: 0);
        };

        act.Should().Throw<CheckpointException>().WithMessage($"The checkpoint ends inside option '{option}': *");
    }

    [Fact]
    public void Read_UndefinedEnumValue_IsInvalidOptions_NamingTheOption()
    {
        var saved = new EveryTagOptions { Norm = (NormType)42 };

        var act = () => RoundTrip(saved, new EveryTagOptions());

        act.Should().Throw<CheckpointException>()
            .Where(e => e.Error == CheckpointError.InvalidOptions && e.Message.Contains("'Norm'", StringComparison.Ordinal) && e.Message.Contains("42", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("HistorySize", 4)]
    [InlineData("Seed", 3)]
    [InlineData("Norm", 1)]
    [InlineData("LearningRate", 5)]
    public void Read_WrongTypeTag_IsInvalidOptions_NamingTheOption(string option, byte wrongTag)
    {
        var writer = new CheckpointWriter();
        writer.WriteString("every-tag");
        writer.WriteInt32(6);
        foreach (var name in new[] { "HistorySize", "LearningRate", "Maximize", "Norm", "Seed", "WeightDecay" })
        {
            writer.WriteString(name);
            var tag = name == option ? wrongTag : CorrectTag(name);
            writer.WriteByte(tag);
            WriteValue(writer, tag);
        }

        var act = () => Read(writer, new EveryTagOptions());

        act.Should().Throw<CheckpointException>()
            .Where(e => e.Error == CheckpointError.InvalidOptions && e.Message.Contains($"'{option}'", StringComparison.Ordinal) && e.Message.Contains($"tag {wrongTag}", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_Format1_MatchesTheClrTypeName_Format2_TheKind()
    {
        var saved = new EveryTagOptions { LearningRate = 0.5, HistorySize = 9, Norm = NormType.L1 };
        var written = new CheckpointWriter();
        OptionsCodec.Write(written, saved);
        var properties = written.Written[(4 + "every-tag".Length)..].ToArray();
        var formatOne = new CheckpointWriter();
        formatOne.WriteString(nameof(EveryTagOptions));
        formatOne.WriteBytes(properties);

        var first = new CheckpointReader(formatOne.Written);
        OptionsCodec.Read(ref first, new EveryTagOptions(), group: 0, version: 1).Should().Be(saved);

        var asFormatTwo = () =>
        {
            var reader = new CheckpointReader(formatOne.Written);
            return OptionsCodec.Read(ref reader, new EveryTagOptions(), group: 3, version: 2);
        };
        asFormatTwo.Should().Throw<CheckpointException>()
            .Where(e => e.Error == CheckpointError.KindMismatch && e.Message == "Group 3 was saved with EveryTagOptions but has every-tag here.");
        var kindAsFormatOne = () =>
        {
            var reader = new CheckpointReader(written.Written);
            return OptionsCodec.Read(ref reader, new EveryTagOptions(), group: 0, version: 1);
        };
        kindAsFormatOne.Should().Throw<CheckpointException>()
            .Where(e => e.Error == CheckpointError.KindMismatch && e.Message == "Group 0 was saved with every-tag but has EveryTagOptions here.");
    }

    [Fact]
    public void Read_AnotherRecordsKind_IsAKindMismatch()
    {
        var writer = new CheckpointWriter();
        OptionsCodec.Write(writer, new AdamWOptions());

        var act = () =>
        {
            var reader = new CheckpointReader(writer.Written);
            return OptionsCodec.Read(ref reader, new AdamOptions(), group: 1);
        };

        act.Should().Throw<CheckpointException>()
            .Where(e => e.Error == CheckpointError.KindMismatch && e.Message == "Group 1 was saved with adamw but has adam here.");
    }

    [Fact]
    public void Write_UnsupportedPropertyType_ThrowsNotSupported_NamingTheType()
    {
        var writer = new CheckpointWriter();

        var act = () => OptionsCodec.Write(writer, new TextOptions());

        act.Should().Throw<NotSupportedException>().WithMessage("*String*");
        writer.Written.Length.Should().Be(0, "every property type is checked before anything is written");
    }

    [Fact]
    public void ComputedPropertiesAndIndexers_AreNotOptions()
    {
        var saved = new DerivedValueOptions { LearningRate = 0.5 };
        var writer = new CheckpointWriter();

        OptionsCodec.Write(writer, saved);
        var reader = new CheckpointReader(writer.Written);
        reader.ReadString("type");

        reader.ReadInt32("count").Should().Be(3, "LearningRate, Maximize and WeightDecay: not Twice, not the indexer");
        RoundTrip(saved, new DerivedValueOptions()).Should().Be(saved);
    }

    [Fact]
    public void Read_OptionsThatBreakARuleBetweenThem_AreInvalidOptions()
    {
        // Nesterov needs Momentum > 0: save valid options, then zero the stored momentum.
        var writer = new CheckpointWriter();
        OptionsCodec.Write(writer, new SgdOptions { Momentum = 0.9, Nesterov = true });
        var bytes = writer.Written.ToArray();
        var at = bytes.AsSpan().IndexOf("Momentum"u8) + "Momentum".Length + 1;
        BitConverter.GetBytes(0.0).CopyTo(bytes, at);

        var act = () =>
        {
            var reader = new CheckpointReader(bytes);
            return OptionsCodec.Read(ref reader, new SgdOptions(), group: 2);
        };

        act.Should().Throw<CheckpointException>()
            .Where(e => e.Error == CheckpointError.InvalidOptions && e.Message.StartsWith("The options of group 2: ", StringComparison.Ordinal) && e.Message.Contains("Nesterov", StringComparison.Ordinal));
    }

    private static TOptions RoundTrip<TOptions>(TOptions saved, TOptions current)
        where TOptions : OptimizerOptions
    {
        var writer = new CheckpointWriter();
        OptionsCodec.Write(writer, saved);
        return Read(writer, current);
    }

    private static TOptions Read<TOptions>(CheckpointWriter writer, TOptions current)
        where TOptions : OptimizerOptions
    {
        var reader = new CheckpointReader(writer.Written);
        var read = OptionsCodec.Read(ref reader, current, group: 0);
        reader.Remaining.Should().Be(0);
        return read;
    }

    private static byte CorrectTag(string name) => name switch
    {
        "HistorySize" => 3,
        "Seed" => 4,
        "Norm" => 5,
        "Maximize" => 2,
        _ => 1,
    };

    private static void WriteValue(CheckpointWriter writer, byte tag)
    {
        switch (tag)
        {
            case 1:
                writer.WriteDouble(0.5);
                break;
            case 2:
                writer.WriteByte(0);
                break;
            case 3:
                writer.WriteInt32(1);
                break;
            default:
                writer.WriteInt64(1);
                break;
        }
    }

    private sealed record EveryTagOptions() : OptimizerOptions(1.0)
    {
        internal override string Kind => "every-tag";

        public int HistorySize { get; init; }

        public long Seed { get; init; }

        public NormType Norm { get; init; }
    }

    private sealed record DerivedValueOptions() : OptimizerOptions(1.0)
    {
        internal override string Kind => "derived-value";

        public double Twice => 2 * LearningRate;

        public double this[int i] => i * LearningRate;
    }

    private sealed record LateIntegerOptions() : OptimizerOptions(1.0)
    {
        internal override string Kind => "late-integer";

        public int Window { get; init; }
    }

    private sealed record TextOptions() : OptimizerOptions(1.0)
    {
        internal override string Kind => "text";

        public string Name { get; init; } = "text";
    }
}
