using LearningRate.Tests.Infrastructure;
using LearningRate.Training;

namespace LearningRate.Tests.Training;

public class MiniBatchesTests
{
    [Theory]
    [InlineData(1, 1, false)]
    [InlineData(10, 3, false)]
    [InlineData(10, 3, true)]
    [InlineData(64, 8, true)]
    [InlineData(100, 128, false)]
    [InlineData(1000, 33, true)]
    public void Epoch_EveryIndexSeenOnce_BatchSizesRight(int count, int batchSize, bool dropLast)
    {
        var batches = new MiniBatches(count, batchSize, shuffle: true, dropLast, seed: 42);
        for (var epoch = 0; epoch < 3; epoch++)
        {
            var seen = new int[count];
            var steps = 0;
            foreach (var rows in batches.Epoch(epoch))
            {
                steps++;
                var last = steps == batches.StepsPerEpoch;
                rows.Length.Should().Be(last && !dropLast ? count - ((steps - 1) * batchSize) : batchSize);
                foreach (var row in rows)
                {
                    seen[row]++;
                }
            }

            steps.Should().Be(dropLast ? count / batchSize : (count + batchSize - 1) / batchSize);
            if (dropLast)
            {
                seen.Should().OnlyContain(n => n <= 1);
                seen.Sum().Should().Be(steps * batchSize);
            }
            else
            {
                seen.Should().OnlyContain(n => n == 1);
            }
        }
    }

    [Fact]
    public void Epoch_SameSeed_SameOrder_OtherSeedOrEpoch_Differs()
    {
        int[] Order(ulong seed, int epoch)
        {
            var order = new int[50];
            new MiniBatches(50, 7, seed: seed).GetOrder(epoch, order);
            return order;
        }

        Order(3, 0).Should().Equal(Order(3, 0));
        Order(3, 5).Should().Equal(Order(3, 5));
        Order(3, 0).Should().NotEqual(Order(4, 0));
        Order(3, 0).Should().NotEqual(Order(3, 1));
        Order(3, 0).Should().NotEqual(Enumerable.Range(0, 50));
        Order(3, 0).Order().Should().Equal(Enumerable.Range(0, 50));
    }

    [Fact]
    public void Epoch_RandomAccess_MatchesSequentialReplay()
    {
        var first = new MiniBatches(20, 4, seed: 9);
        var second = new MiniBatches(20, 4, seed: 9);
        var a = new int[20];
        var b = new int[20];
        for (var epoch = 0; epoch < 4; epoch++)
        {
            first.GetOrder(epoch, a);
        }

        second.GetOrder(3, b);
        a.Should().Equal(b);
    }

    [Fact]
    public void Epoch_NoShuffle_IsIdentityOrder()
    {
        var collected = new List<int>();
        foreach (var rows in new MiniBatches(7, 3, shuffle: false).Epoch(2))
        {
            collected.AddRange(rows.ToArray());
        }

        collected.Should().Equal(0, 1, 2, 3, 4, 5, 6);
    }

    [Fact]
    public void Shuffle_IsRoughlyUniform_FirstPositionOverEpochs()
    {
        // Each of 5 rows should lead an epoch about 1/5 of the time (χ² with 4 degrees of freedom).
        var batches = new MiniBatches(5, 1, seed: 1);
        var counts = new int[5];
        var order = new int[5];
        const int Epochs = 5000;
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            batches.GetOrder(epoch, order);
            counts[order[0]]++;
        }

        var chi2 = counts.Sum(c => Math.Pow(c - (Epochs / 5.0), 2) / (Epochs / 5.0));
        chi2.Should().BeLessThan(18.5); // p ≈ 0.001
    }

    [Fact]
    public void Epoch_Enumeration_AllocatesNothing()
    {
        var batches = new MiniBatches(1000, 32, seed: 1);
        var sum = 0L;
        foreach (var rows in batches.Epoch(0))
        {
            sum += rows[0];
        }

        Allocations.Fewest(() =>
        {
            foreach (var rows in batches.Epoch(1))
            {
                sum += rows[0];
            }
        }).Should().Be(0);
        sum.Should().BeGreaterThan(0);
    }

    [Theory]
    [InlineData(10, 3, false, 4)]
    [InlineData(10, 3, true, 3)]
    [InlineData(9, 3, false, 3)]
    [InlineData(1, 5, false, 1)]
    public void GetStepsPerEpoch_CeilOrFloor(int count, int batchSize, bool dropLast, int expected)
    {
        MiniBatches.GetStepsPerEpoch(count, batchSize, dropLast).Should().Be(expected);
    }

    [Fact]
    public void EpochsToSteps_RoundsToNearest()
    {
        MiniBatches.EpochsToSteps(5, 313).Should().Be(1565);
        MiniBatches.EpochsToSteps(0.5, 3).Should().Be(2);
        MiniBatches.EpochsToSteps(0, 3).Should().Be(0);
    }

    [Fact]
    public void BadArguments_ThrowNamingThem()
    {
        FluentActions.Invoking(() => new MiniBatches(0, 1)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("count");
        FluentActions.Invoking(() => new MiniBatches(5, 0)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("batchSize");
        FluentActions.Invoking(() => new MiniBatches(5, 6, dropLast: true)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("batchSize");
        FluentActions.Invoking(() => new MiniBatches(5, 2).GetOrder(-1, new int[5])).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("epoch");
        FluentActions.Invoking(() => new MiniBatches(5, 2).GetOrder(0, new int[4])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("destination");
        FluentActions.Invoking(() => MiniBatches.EpochsToSteps(-1, 3)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("epochs");
        FluentActions.Invoking(() => MiniBatches.EpochsToSteps(1, 0)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("stepsPerEpoch");
    }

    [Fact]
    public void SplitMix64Reference_MatchesItsPublishedVector()
    {
        // Vigna's splitmix64.c from state 0.
        ulong state = 0;
        new[] { SplitMix64(ref state), SplitMix64(ref state), SplitMix64(ref state) }
            .Should().Equal(0xE220A8397B1DCDAFUL, 0x6E789E6AA1B965F4UL, 0x06C45D188009454FUL);
    }

    [Theory]
    [InlineData(0UL, 10, 0)]
    [InlineData(42UL, 10, 3)]
    [InlineData(ulong.MaxValue, 1000, 7)]
    public void GetOrder_IsTheDocumentedShuffle(ulong seed, int count, int epoch)
    {
        var batches = new MiniBatches(count, 3, seed: seed);
        var order = new int[count];

        batches.GetOrder(epoch, order);

        // The remarks of MiniBatches, transcribed: Fisher–Yates driven by SplitMix64 from Seed ⊕ (φ·(e+1)).
        var expected = Enumerable.Range(0, count).ToArray();
        var state = seed ^ (0x9E3779B97F4A7C15UL * ((ulong)epoch + 1));
        for (var i = count - 1; i >= 1; i--)
        {
            var j = (int)(((UInt128)SplitMix64(ref state) * (ulong)(i + 1)) >> 64);
            (expected[i], expected[j]) = (expected[j], expected[i]);
        }

        order.Should().Equal(expected);
    }

    [Fact]
    public void SmallestValidArguments_AreAccepted()
    {
        new MiniBatches(5, 5, dropLast: true).StepsPerEpoch.Should().Be(1);
        new MiniBatches(1, 1).StepsPerEpoch.Should().Be(1);
        MiniBatches.EpochsToSteps(2, 1).Should().Be(2);
    }

    private static ulong SplitMix64(ref ulong state)
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
