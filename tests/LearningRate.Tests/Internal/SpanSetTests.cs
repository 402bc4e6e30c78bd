using LearningRate.Internal;
using LearningRate.Tests.Infrastructure;

namespace LearningRate.Tests.Internal;

/// <summary>The kernels' one span validator: lengths against the first span, overlaps against every earlier one.</summary>
public class SpanSetTests
{
    private static readonly string[] Names = ["parameters", "gradients", "first", "second", "third"];

    [Fact]
    public void Add_SeparateSpansOfTheSameLength_Passes()
    {
        var act = () => Validate(Enumerable.Range(0, Names.Length).Select(_ => new ArraySegment<float>(new float[6])).ToArray());
        act.Should().NotThrow();
    }

    [Fact]
    public void Add_EveryPairOfOverlappingSpans_ThrowsNamingTheLaterOne()
    {
        for (var i = 0; i < Names.Length; i++)
        {
            for (var j = i + 1; j < Names.Length; j++)
            {
                var shared = new float[10];
                var spans = Enumerable.Range(0, Names.Length).Select(_ => new ArraySegment<float>(new float[6])).ToArray();
                spans[i] = new ArraySegment<float>(shared, 0, 6);
                spans[j] = new ArraySegment<float>(shared, 4, 6);
                var act = () => Validate(spans);
                act.Should().Throw<ArgumentException>()
                    .WithMessage($"{Names[j]} overlaps {Names[i]}; every span must be a separate buffer.*")
                    .Which.ParamName.Should().Be(Names[j]);
            }
        }
    }

    [Fact]
    public void Add_AdjacentSpansOfOneArray_DoNotOverlap()
    {
        var shared = new float[30];
        var spans = Enumerable.Range(0, Names.Length).Select(k => new ArraySegment<float>(shared, k * 6, 6)).ToArray();
        var act = () => Validate(spans);
        act.Should().NotThrow();
    }

    [Fact]
    public void Add_EverySpanOfAnotherLength_ThrowsNamingIt()
    {
        for (var j = 1; j < Names.Length; j++)
        {
            foreach (var length in new[] { 0, 5, 7 })
            {
                var spans = Enumerable.Range(0, Names.Length).Select(k => new ArraySegment<float>(new float[k == j ? length : 6])).ToArray();
                var act = () => Validate(spans);
                act.Should().Throw<ArgumentException>()
                    .WithMessage($"{Names[j]} has {length} elements; expected 6, the length of parameters.*")
                    .Which.ParamName.Should().Be(Names[j]);
            }
        }
    }

    [Fact]
    public void Add_LengthIsCheckedBeforeOverlap()
    {
        var shared = new float[10];
        var act = () => Validate([new ArraySegment<float>(shared, 0, 6), new ArraySegment<float>(shared, 2, 5)]);
        act.Should().Throw<ArgumentException>().WithMessage("gradients has 5 elements*");
    }

    [Fact]
    public void Add_EmptySpans_PassWhenTheParametersAreEmpty()
    {
        var act = () => Validate([ArraySegment<float>.Empty, ArraySegment<float>.Empty, ArraySegment<float>.Empty]);
        act.Should().NotThrow();
    }

    [Fact]
    public void Add_AllocatesNothing()
    {
        var arrays = Enumerable.Range(0, Names.Length).Select(_ => new float[6]).ToArray();
        Allocations.Fewest(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                var set = new SpanSet<float>(arrays[0], "parameters");
                set.Add(arrays[1], "gradients");
                set.Add(arrays[2], "first");
                set.Add(arrays[3], "second");
                set.Add(arrays[4], "third");
            }
        }).Should().Be(0);
    }

    private static void Validate(ArraySegment<float>[] spans)
    {
        var set = new SpanSet<float>(spans[0], Names[0]);
        for (var k = 1; k < spans.Length; k++)
        {
            set.Add(spans[k], Names[k]);
        }
    }
}
