using System.Runtime.InteropServices;
using CsCheck;
using LearningRate.Optimizers;

namespace LearningRate.Tests.Optimizers;

/// <summary>
/// Registration rejects a value or gradient that shares memory with a registered parameter, for every kind of
/// memory (arrays, slices of one array, a MemoryManager exposing its array, native memory by address, empty
/// memory), naming the argument and the parameter it overlaps; and agrees with a pairwise comparison of spans in
/// registration order on random registrations.
/// </summary>
public sealed unsafe class RegistrationOverlapTests : IDisposable
{
    private const int NativeLength = 64;

    private readonly float* _native = (float*)NativeMemory.AllocZeroed(NativeLength, sizeof(float));

    public void Dispose() => NativeMemory.Free(_native);

    [Fact]
    public void SeparateArrays_NeverOverlap()
    {
        var adam = new Adam<float>();
        for (var i = 0; i < 100; i++)
        {
            adam.Add($"p{i}", new float[10], new float[10]);
        }

        adam.Groups[0].Count.Should().Be(100);
    }

    [Theory]
    [InlineData(10, 10, 15, 10, true)] // partial, from the right
    [InlineData(10, 10, 5, 10, true)] // partial, from the left
    [InlineData(10, 10, 10, 10, true)] // identical
    [InlineData(10, 10, 12, 3, true)] // nested inside
    [InlineData(10, 10, 5, 30, true)] // containing
    [InlineData(10, 10, 19, 1, true)] // the last element
    [InlineData(10, 10, 20, 10, false)] // adjacent after
    [InlineData(10, 10, 0, 10, false)] // adjacent before
    [InlineData(10, 10, 30, 5, false)] // apart
    public void SlicesOfOneArray_OverlapExactlyWhenTheyShareAnElement(int start, int length, int otherStart, int otherLength, bool overlaps)
    {
        var buffer = new float[64];
        var adam = new Adam<float>();
        adam.Add("registered", buffer.AsMemory(start, length), new float[length]);

        var act = () => adam.Add("new", buffer.AsMemory(otherStart, otherLength), new float[otherLength]);

        if (overlaps)
        {
            ThrowsOverlap(act, "value", "registered");
            adam.Groups[0].Count.Should().Be(1);
        }
        else
        {
            act.Should().NotThrow();
        }
    }

    [Fact]
    public void Gradient_OverlappingARegisteredGradient_ThrowsNamingGradientAndTheParameter()
    {
        var gradients = new float[20];
        var adam = new Adam<float>();
        adam.Add("first", new float[10], gradients.AsMemory(0, 10));
        adam.Add("second", new float[10], gradients.AsMemory(10, 10));

        ThrowsOverlap(() => adam.Add("third", new float[5], gradients.AsMemory(12, 5)), "gradient", "second");
    }

    [Fact]
    public void Value_OverlappingARegisteredGradient_Throws()
    {
        var gradient = new float[10];
        var adam = new Adam<float>();
        adam.Add("w", new float[10], gradient);

        ThrowsOverlap(() => adam.Add("v", gradient.AsMemory(9, 1), new float[1]), "value", "w");
    }

    [Fact]
    public void BothOverlapping_NamesTheEarliestRegisteredParameter_ValueFirst()
    {
        var buffer = new float[40];
        var adam = new Adam<float>();
        adam.Add("first", buffer.AsMemory(0, 10), new float[10]);
        adam.Add("second", buffer.AsMemory(10, 10), new float[10]);

        // The value overlaps the later parameter, the gradient the earlier: the earlier one is named, with gradient.
        ThrowsOverlap(() => adam.Add("x", buffer.AsMemory(15, 2), buffer.AsMemory(5, 2)), "gradient", "first");
        // Both overlap the same parameter: value is named.
        ThrowsOverlap(() => adam.Add("y", buffer.AsMemory(12, 2), buffer.AsMemory(16, 2)), "value", "second");
    }

    [Fact]
    public void ValueSpanningSeveralParameters_NamesTheEarliestRegistered()
    {
        var buffer = new float[30];
        var adam = new Adam<float>();
        adam.Add("registered first", buffer.AsMemory(20, 10), new float[10]);
        adam.Add("registered second", buffer.AsMemory(10, 10), new float[10]);
        adam.Add("registered third", buffer.AsMemory(0, 10), new float[10]);

        ThrowsOverlap(() => adam.Add("wide", buffer.AsMemory(5, 20), new float[20]), "value", "registered first");
        ThrowsOverlap(() => adam.Add("narrower", buffer.AsMemory(5, 10), new float[10]), "value", "registered second");
    }

    [Fact]
    public void ValueAndGradientOfOneParameter_MustNotOverlap()
    {
        var buffer = new float[20];
        var manager = new NativeMemoryManager<float>(_native, NativeLength);
        var adam = new Adam<float>();

        var sameArray = () => adam.Add("a", buffer.AsMemory(0, 10), buffer.AsMemory(5, 10));
        var sameNative = () => adam.Add("b", manager.Memory.Slice(0, 10), manager.Memory.Slice(9, 10));

        sameArray.Should().Throw<ArgumentException>().Where(e => e.ParamName == "gradient")
            .WithMessage("gradient overlaps value; every span must be a separate buffer.*");
        sameNative.Should().Throw<ArgumentException>().Where(e => e.ParamName == "gradient")
            .WithMessage("gradient overlaps value; every span must be a separate buffer.*");
        adam.Add("c", buffer.AsMemory(0, 10), buffer.AsMemory(10, 10)).Length.Should().Be(10, "adjacent halves share nothing");
    }

    [Fact]
    public void RejectedParameter_LeavesItsMemoryFree()
    {
        var buffer = new float[20];
        var gradient = new float[5];
        var adam = new Adam<float>();
        adam.Add("w", buffer.AsMemory(0, 10), new float[10]);

        ThrowsOverlap(() => adam.Add("x", buffer.AsMemory(8, 5), gradient), "value", "w");

        adam.Add("y", gradient, buffer.AsMemory(10, 5)).Length.Should().Be(5, "nothing of the rejected parameter was recorded");
    }

    [Fact]
    public void RejectedParameter_LeavesItsNameFree_AndItsNewArrayUnrecorded()
    {
        var gradients = new float[20];
        var adam = new Adam<float>();
        adam.Add("w", new float[10], gradients.AsMemory(0, 10));
        var fresh = new float[10];

        // The value is an array never seen before; the gradient overlaps "w", so nothing of "x" may stay behind.
        ThrowsOverlap(() => adam.Add("x", fresh, gradients.AsMemory(5, 10)), "gradient", "w");

        adam.Add("x", fresh.AsMemory(0, 5), gradients.AsMemory(10, 5)).Length.Should().Be(5, "the name and the array are free again");
        ThrowsOverlap(() => adam.Add("y", fresh.AsMemory(4, 2), new float[2]), "value", "x");
        adam.Add("z", fresh.AsMemory(5, 5), new float[5]).Length.Should().Be(5, "the rest of the array is free");
        ((IOptimizer<float>)adam).Parameters.Select(p => p.Name).Should().Equal("w", "x", "z");
    }

    [Fact]
    public void ArraysWithTheSameIdentityHashCode_AreToldApart()
    {
        // Identity hash codes have 26 bits: among 200,000 arrays two share one (10,000 make it even odds).
        var byHash = new Dictionary<int, float[]>();
        float[]? first = null, second = null;
        for (var i = 0; i < 200_000 && first is null; i++)
        {
            var array = new float[16];
            if (!byHash.TryAdd(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(array), array))
            {
                (first, second) = (byHash[System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(array)], array);
            }
        }

        first.Should().NotBeNull("two of 200,000 arrays share a hash code");
        var adam = new Adam<float>();
        adam.Add("a", first.AsMemory(0, 8), new float[8]);
        adam.Add("b", second.AsMemory(0, 8), second.AsMemory(8, 8)).Length.Should().Be(8, "another array, however alike its hash code");

        ThrowsOverlap(() => adam.Add("x", first.AsMemory(4, 2), new float[2]), "value", "a");
        ThrowsOverlap(() => adam.Add("y", new float[2], second.AsMemory(9, 2)), "gradient", "b");
        adam.Add("z", first.AsMemory(8, 8), new float[8]).Length.Should().Be(8, "the rest of the first array is free");
    }

    [Fact]
    public void MemoryManagerExposingItsArray_OverlapsThatArray()
    {
        var array = GC.AllocateArray<float>(32, pinned: true);
        var manager = new ArrayMemoryManager<float>(array);
        var adam = new Adam<float>();
        adam.Add("direct", array.AsMemory(0, 8), new float[8]);
        adam.Add("managed", manager.Memory.Slice(8, 8), new float[8]);

        ThrowsOverlap(() => adam.Add("x", manager.Memory.Slice(4, 2), new float[2]), "value", "direct");
        ThrowsOverlap(() => adam.Add("y", array.AsMemory(15, 2), new float[2]), "value", "managed");
        adam.Add("z", manager.Memory.Slice(16, 8), array.AsMemory(24, 8)).Length.Should().Be(8);
    }

    [Fact]
    public void NativeMemory_IsComparedByAddress_AcrossManagers()
    {
        // Two managers over the same native block: the second starts 16 elements in.
        var whole = new NativeMemoryManager<float>(_native, NativeLength);
        var tail = new NativeMemoryManager<float>(_native + 16, NativeLength - 16);
        var adam = new Adam<float>();
        adam.Add("head", whole.Memory.Slice(0, 16), new float[16]);
        adam.Add("middle", whole.Memory.Slice(20, 10), new float[10]);

        ThrowsOverlap(() => adam.Add("x", tail.Memory.Slice(0, 5), new float[5]), "value", "middle");
        ThrowsOverlap(() => adam.Add("y", new float[2], whole.Memory.Slice(15, 2)), "gradient", "head");
        adam.Add("between", tail.Memory.Slice(0, 4), new float[4]).Length.Should().Be(4, "elements 16 to 19 are adjacent to both");
        adam.Add("after", tail.Memory.Slice(14, 10), whole.Memory.Slice(40, 10)).Length.Should().Be(10);
    }

    [Fact]
    public void EmptyMemory_NeverOverlaps()
    {
        var buffer = new float[10];
        var manager = new NativeMemoryManager<float>(_native, NativeLength);
        var adam = new Adam<float>();
        adam.Add("w", buffer, new float[10]);
        adam.Add("native", manager.Memory.Slice(0, 8), new float[8]);

        adam.Add("inside an array", buffer.AsMemory(5, 0), buffer.AsMemory(5, 0));
        adam.Add("inside native memory", manager.Memory.Slice(3, 0), manager.Memory.Slice(3, 0));
        adam.Add("default", Memory<float>.Empty, default);
        adam.Groups[0].Count.Should().Be(5);
    }

    [Fact]
    public void RandomRegistrations_AgreeWithAPairwiseCheckInRegistrationOrder()
    {
        // Sources: two arrays, a manager exposing the first, and two managers whose native memory overlaps.
        var first = GC.AllocateArray<float>(NativeLength, pinned: true);
        var second = new float[NativeLength];
        var exposing = new ArrayMemoryManager<float>(first);
        var wholeNative = new NativeMemoryManager<float>(_native, NativeLength);
        var shiftedNative = new NativeMemoryManager<float>(_native + 8, NativeLength - 8);
        Memory<float>[] sources = [first, second, exposing.Memory, wholeNative.Memory, shiftedNative.Memory];

        var slice = Gen.Select(Gen.Int[0, sources.Length - 1], Gen.Int[0, NativeLength - 8 - 12]);
        var registration = Gen.Select(slice, slice, Gen.Int[0, 12]);
        registration.Array[1, 40].Sample(registrations =>
        {
            var adam = new Adam<float>();
            var registered = new List<(string Name, Memory<float> Value, Memory<float> Gradient)>();
            for (var i = 0; i < registrations.Length; i++)
            {
                var ((valueSource, valueStart), (gradientSource, gradientStart), length) = registrations[i];
                var value = sources[valueSource].Slice(valueStart, length);
                var gradient = sources[gradientSource].Slice(gradientStart, length);
                var expected = PairwiseError(registered, value, gradient);
                var act = () => adam.Add($"p{i}", value, gradient);
                if (expected is null)
                {
                    act.Should().NotThrow();
                    registered.Add(($"p{i}", value, gradient));
                }
                else
                {
                    act.Should().Throw<ArgumentException>().Which.Message.Should().Be(expected.Message);
                    act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(expected.ParamName);
                }
            }

            adam.Groups[0].Parameters.Select(p => p.Name).Should().Equal(registered.Select(r => r.Name));
        }, iter: 300);
    }

    /// <summary>The rule, transcribed: value against gradient, then each registered parameter in order, value before gradient.</summary>
    private static ArgumentException? PairwiseError(List<(string Name, Memory<float> Value, Memory<float> Gradient)> registered, Memory<float> value, Memory<float> gradient)
    {
        if (value.Span.Overlaps(gradient.Span))
        {
            return new ArgumentException("gradient overlaps value; every span must be a separate buffer.", nameof(gradient));
        }

        foreach (var (name, otherValue, otherGradient) in registered)
        {
            foreach (var (memory, argument) in new[] { (value, nameof(value)), (gradient, nameof(gradient)) })
            {
                if (memory.Span.Overlaps(otherValue.Span) || memory.Span.Overlaps(otherGradient.Span))
                {
                    return new ArgumentException($"{argument} overlaps the memory of registered parameter '{name}'.", argument);
                }
            }
        }

        return null;
    }

    private static void ThrowsOverlap(Func<Parameter<float>> act, string argument, string parameter) =>
        act.Should().Throw<ArgumentException>()
            .Where(e => e.ParamName == argument)
            .WithMessage($"{argument} overlaps the memory of registered parameter '{parameter}'.*");
}
