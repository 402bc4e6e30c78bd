using CsCheck;
using LearningRate.Internal;

namespace LearningRate.Tests.Internal;

/// <summary>The interval index against a scan of every interval: same answer for random disjoint intervals added in random order.</summary>
public class IntervalIndexTests
{
    /// <summary>The order in which the pieces of the owners' lines are added.</summary>
    public enum Order
    {
        /// <summary>Any order.</summary>
        Random,

        /// <summary>Each owner's pieces left to right, as registration mostly adds them: every one is appended.</summary>
        Ascending,

        /// <summary>Each owner's pieces right to left: none is appended.</summary>
        Descending,

        /// <summary>Left to right with one piece in ten held back and added at the end: appends and inserts mixed.</summary>
        MostlyAscending,
    }

    [Theory]
    [InlineData(Order.Random)]
    [InlineData(Order.Ascending)]
    [InlineData(Order.Descending)]
    [InlineData(Order.MostlyAscending)]
    public void SmallestOverlappingId_AgreesWithAScanOfEveryInterval(Order order)
    {
        Gen.Select(Gen.Int[1, 200], Gen.Int[1, 3], Gen.Int).Sample((count, owners, seed) =>
        {
            var random = new Random(seed);
            var index = new IntervalIndex();
            var intervals = new List<(int Owner, ulong Start, ulong End, int Id)>();

            // Cut each owner's line into pieces with gaps, then add the pieces in random order.
            var pieces = new List<(int Owner, ulong Start, ulong End)>();
            for (var owner = 0; owner < owners; owner++)
            {
                ulong position = 0;
                for (var i = 0; i < count; i++)
                {
                    position += (ulong)random.Next(0, 3);
                    var length = (ulong)random.Next(1, 5);
                    pieces.Add((owner, position, position + length));
                    position += length;
                }
            }

            var ordered = order switch
            {
                Order.Random => pieces.OrderBy(_ => random.Next()),
                Order.Ascending => pieces.OrderBy(_ => random.Next()).OrderBy(p => p.Start),
                Order.Descending => pieces.OrderBy(_ => random.Next()).OrderByDescending(p => p.Start),
                _ => pieces.Where((_, i) => i % 10 != 3).Concat(pieces.Where((_, i) => i % 10 == 3)),
            };

            foreach (var (owner, start, end) in ordered.ToList())
            {
                var id = random.Next(0, 1000);
                index.Add(owner, start, end, id);
                intervals.Add((owner, start, end, id));

                var queryOwner = random.Next(0, owners + 1);
                var queryStart = (ulong)random.Next(0, (int)end + 5);
                var queryEnd = queryStart + (ulong)random.Next(0, 12);
                // Two intervals overlap when they share a point: an empty one shares none.
                var expected = intervals.Where(x => queryStart < queryEnd && x.Owner == queryOwner && x.Start < queryEnd && queryStart < x.End).Select(x => x.Id).DefaultIfEmpty(-1).Min();
                index.SmallestOverlappingId(queryOwner, queryStart, queryEnd).Should().Be(expected);
            }

            index.Count.Should().Be(pieces.Count);
        }, iter: 200);
    }

    [Fact]
    public void ManyIntervalsInOrder_AreAllFound()
    {
        // Past the first pages of nodes, in the order registration adds slices of one buffer.
        var index = new IntervalIndex();
        const int Count = 20_000;
        for (var i = 0; i < Count; i++)
        {
            index.Add(1, (ulong)i * 10, ((ulong)i * 10) + 7, i);
        }

        for (var i = 0; i < Count; i++)
        {
            index.SmallestOverlappingId(1, ((ulong)i * 10) + 6, ((ulong)i * 10) + 9).Should().Be(i);
            index.SmallestOverlappingId(1, ((ulong)i * 10) + 7, ((ulong)i * 10) + 10).Should().Be(-1, "the gap between two intervals");
        }

        index.SmallestOverlappingId(1, 0, Count * 10).Should().Be(0);
        index.SmallestOverlappingId(1, 55_555, Count * 10).Should().Be(5_555);
        index.SmallestOverlappingId(1_000_000, 0, 10).Should().Be(-1, "an owner never seen");
    }

    [Fact]
    public void EmptyQuery_OverlapsNothing()
    {
        var index = new IntervalIndex();
        index.Add(1, 0, 10, 7);

        index.SmallestOverlappingId(1, 5, 5).Should().Be(-1);
        index.SmallestOverlappingId(1, 5, 6).Should().Be(7);
        index.SmallestOverlappingId(1, 10, 11).Should().Be(-1, "intervals are half-open");
        index.SmallestOverlappingId(0, 5, 6).Should().Be(-1, "another owner's coordinates");
        index.SmallestOverlappingId(2, 5, 6).Should().Be(-1, "another owner's coordinates");
    }

    [Fact]
    public void IntervalsAtTheTopOfTheAddressSpace_AreFound()
    {
        var index = new IntervalIndex();
        index.Add(0, ulong.MaxValue - 16, ulong.MaxValue, 3);
        index.Add(0, 0, 16, 4);

        index.SmallestOverlappingId(0, ulong.MaxValue - 1, ulong.MaxValue).Should().Be(3);
        index.SmallestOverlappingId(0, 0, ulong.MaxValue).Should().Be(3);
    }
}
