using LearningRate.Training;

namespace LearningRate.Tests.Training;

/// <summary>
/// The scikit-learn options of <see cref="MinMaxScaler"/> (clip, NaN as missing), its near-constant range rule, and
/// restoring a fit from its extremes. Expected values are computed by hand in each test.
/// </summary>
public class MinMaxScalerOptionsTests
{
    // 2^-52: numpy's finfo(float64).eps.
    private const double Eps = 2.220446049250313e-16;

    [Fact]
    public void Clip_ClampsTheTransform_ButNotTheInverse()
    {
        // MinMaxScaler(feature_range=(-1, 1), clip=True).fit([[0], [10]]).transform([[-5], [5], [15]]) = [[-1], [0], [1]].
        var scaler = new MinMaxScaler(-1, 1) { Clip = true };
        scaler.Fit<double>([0, 10], 1);
        double[] data = [-5, 5, 15];
        scaler.Transform<double>(data);
        data.Should().Equal(-1, 0, 1);

        double[] outside = [3];
        scaler.InverseTransform<double>(outside);
        outside.Should().Equal(20);
    }

    [Fact]
    public void Clip_KeepsNaN()
    {
        var scaler = new MinMaxScaler { Clip = true };
        scaler.Fit<float>([0f, 4f], 1);
        float[] data = [float.NaN, 8f];
        scaler.Transform<float>(data);
        float.IsNaN(data[0]).Should().BeTrue();
        data[1].Should().Be(1f);
    }

    [Fact]
    public void IgnoreNaN_SkipsMissingValues_AndTransformPassesThemThrough()
    {
        // MinMaxScaler().fit([[1, nan], [nan, 2], [3, 4], [5, 6]]): data_min_ [1, 2], data_max_ [5, 6].
        double[] data = [1, double.NaN, double.NaN, 2, 3, 4, 5, 6];
        var scaler = new MinMaxScaler { IgnoreNaN = true };
        scaler.Fit<double>(data, 2);

        scaler.DataMin.ToArray().Should().Equal(1, 2);
        scaler.DataMax.ToArray().Should().Equal(5, 6);
        scaler.Transform<double>(data);
        data[0].Should().Be(0);
        double.IsNaN(data[1]).Should().BeTrue();
        double.IsNaN(data[2]).Should().BeTrue();
        data[3].Should().Be(0);
        data[4].Should().Be(0.5);
        data[5].Should().Be(0.5);
    }

    [Fact]
    public void IgnoreNaN_ColumnWithNoValues_HasNaNExtremes_UntilAPartialFitBringsOne()
    {
        var scaler = new MinMaxScaler { IgnoreNaN = true };
        scaler.Fit<double>([1, double.NaN, 3, double.NaN], 2);
        double.IsNaN(scaler.DataMin[1]).Should().BeTrue();
        double.IsNaN(scaler.DataMax[1]).Should().BeTrue();
        double[] row = [2, 7];
        scaler.Transform<double>(row);
        row[0].Should().Be(0.5);
        double.IsNaN(row[1]).Should().BeTrue();

        scaler.PartialFit<double>([double.NaN, 4, double.NaN, -2], 2);
        scaler.DataMin.ToArray().Should().Equal(1, -2);
        scaler.DataMax.ToArray().Should().Equal(3, 4);
    }

    [Fact]
    public void NaN_RefusedByDefault_InfinityRefusedEvenWhenIgnoringNaN()
    {
        FluentActions.Invoking(() => new MinMaxScaler().Fit<double>([double.NaN, 1], 1)).Should().Throw<ArgumentException>()
            .Where(e => e.ParamName == "data" && e.Message.Contains("IgnoreNaN"));
        FluentActions.Invoking(() => new MinMaxScaler { IgnoreNaN = true }.Fit<double>([double.PositiveInfinity, 1], 1)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("data");
    }

    [Fact]
    public void RangeBelowTenEpsilon_IsTakenAsOne_AsScikitLearn()
    {
        // Column 0 spans ε (< 10ε): divided by 1, so 1 + ε maps to ε. Column 1 spans 1e-14 (> 10ε ≈ 2.2e-15): to [0, 1].
        // Column 2, 1e9 ± 1e-5, spans 2e-5: to [0, 1] as well.
        double[] data = [1, 0, 1e9 - 1e-5, 1 + Eps, 1e-14, 1e9 + 1e-5];
        var scaler = new MinMaxScaler();
        scaler.Fit<double>(data, 3);
        scaler.Transform<double>(data);
        data.Should().Equal(0, 0, 0, Eps, 1, 1);
    }

    [Fact]
    public void RangeJustAboveTenEpsilon_IsKept()
    {
        var span = 12 * Eps;
        double[] data = [0, span, span / 2];
        var scaler = new MinMaxScaler();
        scaler.Fit<double>(data, 1);
        scaler.Transform<double>(data);
        data.Should().Equal(0, 1, 0.5);
    }

    [Fact]
    public void Restored_FromExtremes_TransformsBitForBitAlike_AndKeepsWidening()
    {
        var random = new Random(9);
        var data = Enumerable.Range(0, 60).Select(i => (random.NextDouble() * 50) - (i % 3 * 7)).ToArray();
        var fitted = new MinMaxScaler(-2, 3) { Clip = true };
        fitted.Fit<double>(data.AsSpan(0, 30), 3);
        var restored = new MinMaxScaler(fitted.DataMin, fitted.DataMax, -2, 3) { Clip = true };

        var expected = new double[60];
        var actual = new double[60];
        fitted.Transform<double>(data, expected);
        restored.Transform<double>(data, actual);
        actual.Should().Equal(expected);

        fitted.PartialFit<double>(data.AsSpan(30), 3);
        restored.PartialFit<double>(data.AsSpan(30), 3);
        restored.DataMin.ToArray().Should().Equal(fitted.DataMin.ToArray());
        restored.DataMax.ToArray().Should().Equal(fitted.DataMax.ToArray());
    }

    [Fact]
    public void Restored_FromKnownValues_DefaultsToTheUnitRange()
    {
        var scaler = new MinMaxScaler([0, 10], [4, 30]);
        scaler.Min.Should().Be(0);
        scaler.Max.Should().Be(1);
        double[] row = [1, 25];
        scaler.Transform<double>(row);
        row.Should().Equal(0.25, 0.75);
    }

    [Fact]
    public void RestoringConstructor_BadExtremes_ThrowNamingTheArgument()
    {
        FluentActions.Invoking(() => new MinMaxScaler([], [])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("dataMin");
        FluentActions.Invoking(() => new MinMaxScaler([0, 1], [1])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("dataMax");
        FluentActions.Invoking(() => new MinMaxScaler([double.NegativeInfinity], [1])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("dataMin");
        FluentActions.Invoking(() => new MinMaxScaler([2], [1])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("dataMax");
        FluentActions.Invoking(() => new MinMaxScaler([0], [double.NaN])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("dataMax");
        FluentActions.Invoking(() => new MinMaxScaler([0], [double.PositiveInfinity])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("dataMax");
        FluentActions.Invoking(() => new MinMaxScaler([0], [1], 1, 1)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("max");
        new MinMaxScaler([double.NaN], [double.NaN]).Columns.Should().Be(1);
    }
}
