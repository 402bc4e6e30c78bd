using LearningRate.Tests.Kernels.Simd;

namespace LearningRate.Tests.Numerics;

/// <summary>
/// The span conversions of <see cref="ReducedPrecision"/>: every length and alignment (so every mix of vector widths and
/// scalar tail) gives the scalar casts' bits, and bad spans throw before anything is written.
/// </summary>
public class ReducedPrecisionTests
{
    [Fact]
    public void Spans_OfEveryLengthAndOffset_GiveTheScalarCasts()
    {
        var values = Float16ConversionTests.SmallFloats(1200, seed: 5);
        Float16ConversionTests.SpecialFloats().CopyTo(values, 100);
        foreach (var length in Enumerable.Range(0, 71).Append(1000))
        {
            foreach (var offset in new[] { 0, 1, 3, 7, 15 })
            {
                var source = values.AsSpan(offset, length);
                var halves = new Half[length + 2];
                var bfloats = new BFloat16[length + 2];
                ReducedPrecision.Narrow(source, halves);
                ReducedPrecision.Narrow(source, bfloats);
                for (var i = 0; i < length; i++)
                {
                    BitConverter.HalfToUInt16Bits(halves[i]).Should().Be(BitConverter.HalfToUInt16Bits((Half)source[i]));
                    bfloats[i].ToBits().Should().Be(((BFloat16)source[i]).ToBits());
                }

                halves[length].Should().Be(default(Half), "nothing is written past the source's length");
                var wide = new float[length];
                ReducedPrecision.Widen(halves.AsSpan(0, length), wide);
                wide.Select(BitConverter.SingleToUInt32Bits).Should().Equal(halves[..length].Select(h => BitConverter.SingleToUInt32Bits((float)h)));
                ReducedPrecision.Widen(bfloats.AsSpan(0, length), wide);
                wide.Select(BitConverter.SingleToUInt32Bits).Should().Equal(bfloats[..length].Select(b => BitConverter.SingleToUInt32Bits((float)b)));
            }
        }
    }

    [Fact]
    public void BadSpans_Throw_BeforeWriting()
    {
        var source = new float[8];
        var shortDestination = new Half[7];
        var act = () => ReducedPrecision.Narrow(source, shortDestination);
        act.Should().Throw<ArgumentException>().WithParameterName("destination").WithMessage("*7 elements*8*");

        var buffer = new float[12];
        var overlapping = () => ReducedPrecision.Widen(System.Runtime.InteropServices.MemoryMarshal.Cast<float, BFloat16>(buffer.AsSpan(0, 4)), buffer.AsSpan(2, 8));
        overlapping.Should().Throw<ArgumentException>().WithParameterName("destination").WithMessage("*overlaps*");

        var untouched = new BFloat16[3];
        var stochastic = () => ReducedPrecision.NarrowStochastic([1f, 2f, 3f, 4f], untouched, seed: 1, counter: 0);
        stochastic.Should().Throw<ArgumentException>();
        untouched.Should().AllSatisfy(b => b.ToBits().Should().Be(0));
    }
}
