using LearningRate.Tests.Infrastructure;
using LearningRate.Training;

namespace LearningRate.Tests.Training;

public class EndlessMiniBatchesTests
{
    [Theory]
    [InlineData(10, 3, false)]
    [InlineData(10, 3, true)]
    [InlineData(9, 3, false)]
    [InlineData(7, 10, false)]
    public void Next_IsEpochAfterEpoch_ExactlyAsMiniBatchesEnumeratesThem(int count, int batchSize, bool dropLast)
    {
        var batches = new MiniBatches(count, batchSize, dropLast: dropLast, seed: 5);
        var expected = new List<int[]>();
        for (var epoch = 0; epoch < 4; epoch++)
        {
            foreach (var rows in batches.Epoch(epoch))
            {
                expected.Add(rows.ToArray());
            }
        }

        var endless = new EndlessMiniBatches(batches);
        endless.Epoch.Should().Be(-1);
        for (var b = 0; b < expected.Count; b++)
        {
            endless.Next().ToArray().Should().Equal(expected[b], $"batch {b}");
            endless.Epoch.Should().Be(b / batches.StepsPerEpoch);
        }

        endless.BatchesServed.Should().Be(expected.Count);
    }

    [Fact]
    public void Next_ReshufflesEachPass_AndDependsOnlyOnTheSeed()
    {
        static int[] FirstBatches(ulong seed, int passes)
        {
            var endless = new EndlessMiniBatches(new MiniBatches(20, 20, seed: seed));
            return [.. Enumerable.Range(0, passes).SelectMany(_ => endless.Next().ToArray())];
        }

        var run = FirstBatches(3, 3);
        run.Should().Equal(FirstBatches(3, 3));
        run.Should().NotEqual(FirstBatches(4, 3));
        run[..20].Should().NotEqual(run[20..40], "every pass has its own order");
        run[..20].Order().Should().Equal(Enumerable.Range(0, 20));
    }

    [Fact]
    public void FirstEpoch_StartsThere_AndLeavesTheMiniBatchesBufferAlone()
    {
        var batches = new MiniBatches(12, 4, seed: 9);
        var order = new int[12];
        batches.GetOrder(3, order);
        var endless = new EndlessMiniBatches(batches, firstEpoch: 3);

        var enumerated = new List<int[]>();
        foreach (var rows in batches.Epoch(0))
        {
            // Interleaved with an epoch enumeration: neither disturbs the other.
            endless.Next().ToArray().Should().Equal(order.AsSpan(enumerated.Count * 4, 4).ToArray());
            enumerated.Add(rows.ToArray());
        }

        var epoch0 = new int[12];
        batches.GetOrder(0, epoch0);
        enumerated.SelectMany(r => r).Should().Equal(epoch0);
        endless.FirstEpoch.Should().Be(3);
        endless.Epoch.Should().Be(3);
    }

    [Fact]
    public void Next_AllocatesNothing_AcrossEpochs()
    {
        var endless = new EndlessMiniBatches(new MiniBatches(100, 32, seed: 1));
        var sum = 0L;
        sum += endless.Next()[0];

        Allocations.Fewest(() =>
        {
            for (var b = 0; b < 50; b++)
            {
                sum += endless.Next()[0];
            }
        }).Should().Be(0);
        endless.Epoch.Should().BeGreaterThan(10);
        sum.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Constructor_BadArguments_Throw()
    {
        FluentActions.Invoking(() => new EndlessMiniBatches(null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("batches");
        FluentActions.Invoking(() => new EndlessMiniBatches(new MiniBatches(3, 1), firstEpoch: -1)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("firstEpoch");
    }
}
