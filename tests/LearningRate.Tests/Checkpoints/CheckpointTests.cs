using System.Buffers.Binary;
using System.Text;
using LearningRate.Checkpoints;
using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;
using LearningRate.Tests.Optimizers;
using static LearningRate.Tests.Checkpoints.CheckpointTestData;

namespace LearningRate.Tests.Checkpoints;

/// <summary>Exact resume, name matching, and a clear error with nothing changed for every kind of bad checkpoint.</summary>
public class CheckpointTests
{
    public static TheoryData<string> Cases() => OptimizerCases.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resume_IsBitIdentical_ToAnUninterruptedRun(string name)
    {
        Check<float>(OptimizerCases.All[name]);
        Check<double>(OptimizerCases.All[name]);

        static void Check<T>(OptimizerCase @case)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            const int Length = 67, N = 6;
            var start = TestData.Uniform<T>(new Random(3), Length, -1, 1);
            T[] gradient = new T[Length], resumedGradient = new T[Length];

            var uninterrupted = @case.Create<T>(start.ToArray(), gradient);
            Train(uninterrupted, new Random(9), 2 * N, gradient);

            var first = @case.Create<T>(start.ToArray(), gradient);
            var random = new Random(9);
            Train(first, random, N, gradient);
            var bytes = Save(first);

            // A fresh optimizer over other values: the checkpoint restores values and state alike.
            var resumed = @case.Create<T>(new T[Length], resumedGradient);
            Load(resumed, bytes);
            OptimizerSnapshot.Of<T>(resumed).Should().Be(OptimizerSnapshot.Of<T>(first));
            Train(resumed, random, N, resumedGradient);

            OptimizerSnapshot.Of<T>(resumed).Should().Be(OptimizerSnapshot.Of<T>(uninterrupted));
        }
    }

    [Fact]
    public void Load_MatchesByName_WhateverTheRegistrationOrder_AndRestoresGroups()
    {
        var source = new AdamW<double>(new AdamWOptions { LearningRate = 0.02 });
        var noDecay = source.AddGroup(source.Options with { WeightDecay = 0, AmsGrad = true });
        double[] ga = new double[3], gb = new double[2], gc = new double[4];
        source.Add("a", new double[] { 1, 2, 3 }, ga);
        source.Add("b", new double[] { 4, 5 }, gb);
        noDecay.Add("c", new double[] { 6, 7, 8, 9 }, gc);
        Train(source, new Random(1), 4, ga, gb, gc);
        noDecay.LearningRate = 0.003;
        var bytes = Save(source);

        var target = new AdamW<double>();
        var targetNoDecay = target.AddGroup(new AdamWOptions());
        targetNoDecay.Add("c", new double[4], new double[4]);
        target.Add("b", new double[2], new double[2]);
        target.Add("a", new double[3], new double[3]);
        Load(target, bytes);

        target.Options.LearningRate.Should().Be(0.02);
        targetNoDecay.Options.Should().Be(noDecay.Options);
        targetNoDecay.LearningRate.Should().Be(0.003);
        target.StepCount.Should().Be(4);
        OptimizerSnapshot.Of<double>(target).Parameters.Should().Be(OptimizerSnapshot.Of<double>(source).Parameters);
    }

    [Fact]
    public void Load_ConsecutiveSkips_AreRestored()
    {
        double[] gradient = [double.NaN];
        var source = new Adam<double>();
        source.Add("p", new double[1], gradient);
        source.Step();
        source.Step();
        var target = new Adam<double>();
        target.Add("p", new double[1], new double[1]);
        Load(target, Save(source));
        target.ConsecutiveSkips.Should().Be(2);
    }

    [Fact]
    public void Load_AnUnusedSlotSavedNull_DropsTheTargetsBuffer()
    {
        var source = new Adam<float>();
        source.Add("p", new float[2], new float[] { 1, 2 });
        source.Step();
        var target = new Adam<float>(new AdamOptions { AmsGrad = true });
        var p = target.Add("p", new float[2], new float[2]);
        Load(target, Save(source));
        p.State[2].Should().BeNull("the checkpoint was saved without AMSGrad, and its options are restored");
        target.Options.AmsGrad.Should().BeFalse();
    }

    [Fact]
    public void Strict_MissingParameter_Throws_NonStrict_KeepsItsState()
    {
        var bytes = SaveOne("p", 4);
        var target = new Adam<float>();
        target.Add("p", new float[4], new float[4]);
        var q = target.Add("q", new float[] { 5 }, new float[] { 1 });
        target.Step();
        LoadFails<float>(target, bytes, CheckpointError.ParameterMissing).Message.Should().Contain("'q'");
        var qState = q.State[0]!.ToArray();
        Load(target, bytes, strict: false);
        target.StepCount.Should().Be(2, "the optimizer's step count comes from the checkpoint");
        q.State[0].Should().Equal(qState);
        q.StepCount.Should().Be(1);
    }

    [Fact]
    public void Strict_UnexpectedParameter_Throws_NonStrict_IgnoresIt()
    {
        var source = new Adam<float>();
        source.Add("p", new float[4], new float[4]);
        source.Add("extra", new float[2], new float[2]);
        source.Step();
        var bytes = Save(source);
        var target = new Adam<float>();
        target.Add("p", new float[4], new float[4]);
        LoadFails<float>(target, bytes, CheckpointError.ParameterUnexpected).Message.Should().Contain("'extra'");
        Load(target, bytes, strict: false);
        target.StepCount.Should().Be(1);
    }

    [Fact]
    public void Mismatches_Throw_NamingTheProblem_AndChangeNothing()
    {
        var bytes = SaveOne("p", 4);

        var longer = Target<float>(("p", 5));
        LoadFails<float>(longer, bytes, CheckpointError.LengthMismatch).Message.Should().Contain("'p'");

        var doubles = new Adam<double>();
        doubles.Add("p", new double[4], new double[4]);
        LoadFails<double>(doubles, bytes, CheckpointError.ElementTypeMismatch).Message.Should().Contain("float").And.Contain("double");
        var floats = Target<float>(("p", 4));
        LoadFails<float>(floats, Save(doubles), CheckpointError.ElementTypeMismatch).Message.Should().Contain("double").And.Contain("float");
        var tagAt = After(bytes, "adam");
        bytes[tagAt].Should().Be(1, "the element-type tag follows the kind: 1 float, 2 double");
        var halves = bytes.ToArray();
        halves[tagAt] = 3;
        LoadFails<float>(floats, Reseal(halves), CheckpointError.ElementTypeMismatch).Message.Should().Be("The checkpoint holds Half elements; this optimizer is over float.");
        var unknown = bytes.ToArray();
        unknown[tagAt] = 0;
        LoadFails<float>(floats, Reseal(unknown), CheckpointError.ElementTypeMismatch).Message.Should().Be("The checkpoint holds element type 0 elements; this optimizer is over float.");

        var adamW = new AdamW<float>();
        adamW.Add("p", new float[4], new float[4]);
        LoadFails<float>(adamW, bytes, CheckpointError.KindMismatch).Message.Should().Be("The checkpoint holds the state of adam; this optimizer is adamw.");

        var otherOptionsType = new Adam<float>(new AdamWOptions());
        otherOptionsType.Add("p", new float[4], new float[4]);
        LoadFails<float>(otherOptionsType, bytes, CheckpointError.KindMismatch).Message.Should().Be("Group 0 was saved with adam but has adamw here.");

        var twoGroups = Target<float>(("p", 4));
        twoGroups.AddGroup(new AdamOptions());
        LoadFails<float>(twoGroups, bytes, CheckpointError.GroupMismatch);

        var source = new Adam<float>();
        source.AddGroup(new AdamOptions()).Add("p", new float[4], new float[4]);
        var otherGroup = Target<float>(("p", 4));
        otherGroup.AddGroup(new AdamOptions());
        LoadFails<float>(otherGroup, Save(source), CheckpointError.GroupMismatch).Message.Should().Contain("'p'");
    }

    [Fact]
    public void Damage_Throws_TheMatchingError_AndChangesNothing()
    {
        var bytes = SaveOne("p", 4);
        var target = Target<float>(("p", 4));
        target.Step();

        LoadFails<float>(target, Encoding.ASCII.GetBytes("PK\u0003\u0004 not a checkpoint at all"), CheckpointError.BadMagic);
        LoadFails<float>(target, [], CheckpointError.Truncated);

        bytes[4].Should().Be((byte)Checkpoint.FormatVersion);
        foreach (var unsupported in new byte[] { 0, Checkpoint.FormatVersion + 1, 0xFF })
        {
            var version = bytes.ToArray();
            version[4] = unsupported;
            LoadFails<float>(target, version, CheckpointError.UnsupportedVersion).Message.Should().Contain($"version {unsupported};");
        }

        LoadFails<float>(target, bytes[..10], CheckpointError.Truncated);
        LoadFails<float>(target, bytes[..(bytes.Length / 2)], CheckpointError.Truncated);
        LoadFails<float>(target, bytes[..^3], CheckpointError.Truncated);

        var flipped = bytes.ToArray();
        flipped[bytes.Length / 2] ^= 0x10;
        LoadFails<float>(target, flipped, CheckpointError.ChecksumMismatch);

        var checksum = bytes.ToArray();
        checksum[^1] ^= 1;
        LoadFails<float>(target, checksum, CheckpointError.ChecksumMismatch);

        var flags = bytes.ToArray();
        flags[6] = 1;
        LoadFails<float>(target, Reseal(flags), CheckpointError.UnsupportedVersion);

        // A header that claims 2^40 bytes over a stream of a few: a quick Truncated, no giant allocation.
        var huge = bytes.ToArray();
        huge[13] = 1;
        LoadFails<float>(target, huge, CheckpointError.Truncated);
        var large = bytes.ToArray();
        large[11] = 0x10;
        LoadFails<float>(target, large, CheckpointError.Truncated);

        // A length whose end offset would overflow, or a negative one, cannot be a payload at all.
        var endless = bytes.ToArray();
        BinaryPrimitives.WriteInt64LittleEndian(endless.AsSpan(8), long.MaxValue - 23);
        LoadFails<float>(target, endless, CheckpointError.Malformed).Message.Should().Contain("outside [0, 9223372036854775783]");
        var negative = bytes.ToArray();
        negative[15] = 0x80;
        LoadFails<float>(target, negative, CheckpointError.Malformed);
    }

    [Fact]
    public void InvalidSavedOptions_Throw_InvalidOptions_AndChangeNothing()
    {
        var source = new Adam<double>(new AdamOptions { Beta1 = 0.5 });
        source.Add("p", new double[2], new double[2]);
        var bytes = Save(source);

        // Beta1 = 0.5 is stored as the 8 bytes of 0.5 after the name "Beta1" and tag 1; make it 1.5.
        var name = Encoding.UTF8.GetBytes("Beta1");
        var at = bytes.AsSpan().IndexOf(name) + name.Length + 1;
        BitConverter.GetBytes(1.5).CopyTo(bytes, at);
        var target = new Adam<double>();
        target.Add("p", new double[2], new double[2]);
        LoadFails<double>(target, Reseal(bytes), CheckpointError.InvalidOptions).Message.Should().Contain("Beta1");

        var tag = bytes.ToArray();
        tag[at - 1] = 2;
        LoadFails<double>(target, Reseal(tag), CheckpointError.InvalidOptions);
    }

    [Fact]
    public void ExtraSection_IsAnError_OnlyWhenStrict()
    {
        var source = Target<float>(("p", 3));
        using var stream = new MemoryStream();
        Checkpoint.WriteParts(stream, [(ICheckpointPart)source, new NamedPart("controller:plateau")]);
        var bytes = stream.ToArray();
        var target = Target<float>(("p", 3));
        LoadFails<float>(target, bytes, CheckpointError.SectionMismatch).Message.Should().Contain("controller:plateau");
        Load(target, bytes, strict: false);
    }

    [Fact]
    public void Load_FromATrickleStream_ReadsExactlyTheCheckpoint()
    {
        var bytes = SaveOne("p", 40);
        var target = Target<float>(("p", 40));
        using var stream = new TrickleStream([.. bytes, 42, 43]);
        Checkpoint.Load(target, stream);
        target.StepCount.Should().Be(2);
        stream.ReadByte().Should().Be(42, "the loader stops at the checksum");
    }

    [Fact]
    public void InvalidArguments_Throw_NamingThem()
    {
        var adam = Target<float>(("p", 1));
        FluentActions.Invoking(() => Checkpoint.Save(null!, new MemoryStream())).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("optimizer");
        FluentActions.Invoking(() => Checkpoint.Save(adam, null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("stream");
        FluentActions.Invoking(() => Checkpoint.Save(adam, new MemoryStream([], writable: false))).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("stream");
        FluentActions.Invoking(() => Checkpoint.Load(adam, null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("stream");
        FluentActions.Invoking(() => Checkpoint.LoadFromFile(adam, "")).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("path");
    }

    internal static byte[] SaveOne(string name, int length)
    {
        var source = new Adam<float>(new AdamOptions { LearningRate = 0.1 });
        var gradient = new float[length];
        source.Add(name, new float[length], gradient);
        Train(source, new Random(2), 2, gradient);
        return Save(source);
    }

    internal static Adam<T> Target<T>(params (string Name, int Length)[] parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var adam = new Adam<T>();
        foreach (var (name, length) in parameters)
        {
            adam.Add(name, new T[length], new T[length]);
        }

        return adam;
    }

    private sealed class NamedPart(string name) : ICheckpointPart
    {
        public string SectionName => name;

        public void Write(CheckpointWriter writer) => writer.WriteInt32(7);

        public Action<CheckpointSource> Prepare(CheckpointReader reader, bool strict, int version) => _ => { };
    }

    /// <summary>A non-seekable stream that hands out one byte per read.</summary>
    private sealed class TrickleStream(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (count == 0 || _position == data.Length)
            {
                return 0;
            }

            buffer[offset] = data[_position++];
            return 1;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
