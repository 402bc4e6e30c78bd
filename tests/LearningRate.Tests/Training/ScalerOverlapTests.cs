using LearningRate.Training;

namespace LearningRate.Tests.Training;

/// <summary>
/// The scalers' (source, destination) methods accept the same memory (in place) but reject a partial overlap, which
/// would read values already overwritten, before writing anything.
/// </summary>
public class ScalerOverlapTests
{
    public delegate void Apply(ReadOnlySpan<double> source, Span<double> destination);

    public static TheoryData<string> Methods() => ["Standardizer.Transform", "Standardizer.InverseTransform", "MinMaxScaler.Transform", "MinMaxScaler.InverseTransform"];

    [Theory]
    [MemberData(nameof(Methods))]
    public void PartialOverlap_Throws_NamingDestination_BeforeWritingAnything(string method)
    {
        var apply = Fitted(method);
        foreach (var (source, destination) in new[] { (0, 2), (2, 0), (0, 1), (3, 0) })
        {
            double[] buffer = [.. Enumerable.Range(0, 14).Select(i => (i * 1.5) - 4)];
            var before = buffer.ToArray();
            var act = () => apply(buffer.AsSpan(source, 10), buffer.AsSpan(destination, 10));
            act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("destination");
            buffer.Should().Equal(before, "nothing is written before the check");
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void SameMemory_AndDisjointBuffers_GiveTheSameResult(string method)
    {
        var apply = Fitted(method);
        double[] data = [.. Enumerable.Range(0, 10).Select(i => (i * 1.5) - 4)];
        var separate = new double[10];
        apply(data, separate);
        var inPlace = data.ToArray();
        apply(inPlace, inPlace);
        inPlace.Should().Equal(separate);
        var adjacent = new double[20];
        data.CopyTo(adjacent, 0);
        apply(adjacent.AsSpan(0, 10), adjacent.AsSpan(10, 10));
        adjacent[10..].Should().Equal(separate, "adjacent spans do not overlap");
    }

    private static Apply Fitted(string method)
    {
        double[] fit = [1, 10, 2, 30, 4, 20, 7, 15];
        var standardizer = new Standardizer();
        standardizer.Fit<double>(fit, 2);
        var scaler = new MinMaxScaler();
        scaler.Fit<double>(fit, 2);
        return method switch
        {
            "Standardizer.Transform" => (s, d) => standardizer.Transform(s, d),
            "Standardizer.InverseTransform" => (s, d) => standardizer.InverseTransform(s, d),
            "MinMaxScaler.Transform" => (s, d) => scaler.Transform(s, d),
            _ => (s, d) => scaler.InverseTransform(s, d),
        };
    }
}
