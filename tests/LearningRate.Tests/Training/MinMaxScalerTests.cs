using LearningRate.Training;

namespace LearningRate.Tests.Training;

public class MinMaxScalerTests
{
    [Fact]
    public void Fit_Transform_KnownColumns_MapToRange()
    {
        // Columns [2, 6, 4] and [-1, -1, -1] (constant).
        double[] data = [2, -1, 6, -1, 4, -1];
        var scaler = new MinMaxScaler();
        scaler.Fit<double>(data, 2);
        scaler.DataMin.ToArray().Should().Equal(2, -1);
        scaler.DataMax.ToArray().Should().Equal(6, -1);

        scaler.Transform<double>(data);
        data.Should().Equal(0, 0, 1, 0, 0.5, 0);
    }

    [Fact]
    public void Transform_CustomRange_AndOutsideValues_NotClipped()
    {
        var scaler = new MinMaxScaler(-1, 1);
        scaler.Fit<float>([0f, 10f], 1);
        var output = new float[3];
        scaler.Transform<float>([5f, 10f, 15f], output);
        output.Should().Equal(0f, 1f, 2f);
    }

    [Fact]
    public void InverseTransform_RoundTrips_IncludingConstantColumn()
    {
        var random = new Random(2);
        var data = Enumerable.Range(0, 60).Select(i => i % 3 == 2 ? 7.0 : (random.NextDouble() * 40) - 20).ToArray();
        var scaler = new MinMaxScaler(-3, 5);
        scaler.Fit<double>(data, 3);
        var scaled = new double[60];
        scaler.Transform<double>(data, scaled);
        scaled.Should().OnlyContain(v => v >= -3 - 1e-12 && v <= 5 + 1e-12);
        scaled.Where((_, i) => i % 3 == 2).Should().OnlyContain(v => v == -3);
        scaler.InverseTransform<double>(scaled);
        scaled.Should().Equal(data, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void PartialFit_WidensExtremes()
    {
        var scaler = new MinMaxScaler();
        scaler.PartialFit<double>([1, 5], 2);
        scaler.PartialFit<double>([-2, 3, 4, 9], 2);
        scaler.DataMin.ToArray().Should().Equal(-2, 3);
        scaler.DataMax.ToArray().Should().Equal(4, 9);
    }

    [Fact]
    public void Constructor_BadRange_ThrowsNamingBound()
    {
        FluentActions.Invoking(() => new MinMaxScaler(1, 1)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("max");
        FluentActions.Invoking(() => new MinMaxScaler(double.NaN, 1)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("min");
    }

    [Fact]
    public void Fit_BadInput_Throws_AndKeepsPreviousFit()
    {
        var scaler = new MinMaxScaler();
        scaler.Fit<double>([0, 2], 1);
        FluentActions.Invoking(() => scaler.Fit<double>([1, double.PositiveInfinity], 1)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("data");
        FluentActions.Invoking(() => scaler.InverseTransform<double>(new double[2], new double[3])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("destination");
        scaler.DataMax[0].Should().Be(2);
    }

    [Fact]
    public void InverseTransform_IntoADestination_UndoesTransform()
    {
        var scaler = new MinMaxScaler(-1, 1);
        double[] data = [0, 10, 4, 30, 2, 20];
        scaler.Fit<double>(data, 2);
        var scaled = new double[6];
        scaler.Transform<double>(data, scaled);
        scaled.Should().Equal(-1, -1, 1, 1, 0, 0);

        var back = new double[6];
        scaler.InverseTransform<double>(scaled, back);

        back.Should().Equal(data);
    }

    [Fact]
    public void EveryTransform_ChecksItsShape_BeforeWriting()
    {
        var scaler = new MinMaxScaler();
        scaler.Fit<double>([0, 1, 2, 3], 2);
        double[] odd = [1, 2, 3];
        double[] four = [1, 2, 3, 4];
        double[] two = [7, 7];

        FluentActions.Invoking(() => scaler.Transform<double>(odd)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("data");
        FluentActions.Invoking(() => scaler.Transform<double>(odd, new double[3])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("source");
        FluentActions.Invoking(() => scaler.Transform<double>(four, two)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("destination");
        FluentActions.Invoking(() => scaler.InverseTransform<double>(odd)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("data");
        FluentActions.Invoking(() => scaler.InverseTransform<double>(odd, new double[3])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("source");
        FluentActions.Invoking(() => new MinMaxScaler().Transform<double>(four)).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => new MinMaxScaler().InverseTransform<double>(four, new double[4])).Should().Throw<InvalidOperationException>();
        odd.Should().Equal(1, 2, 3);
        two.Should().Equal(7, 7);
    }

    [Fact]
    public void Fit_And_PartialFit_CheckTheShape_AndKeepThePreviousFit()
    {
        var scaler = new MinMaxScaler();
        scaler.Fit<double>([0, 1, 2, 3], 2);

        FluentActions.Invoking(() => scaler.Fit<double>([1, 2, 3], 2)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("data");
        FluentActions.Invoking(() => scaler.Fit<double>([1, 2], 0)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("columns");
        FluentActions.Invoking(() => scaler.Fit<double>([], 2)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("data");
        FluentActions.Invoking(() => scaler.PartialFit<double>([9, double.NaN], 2)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("data");
        FluentActions.Invoking(() => scaler.PartialFit<double>([9, 9, 9], 2)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("data");
        FluentActions.Invoking(() => scaler.PartialFit<double>([9, 9, 9], 3)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("columns");

        scaler.DataMin.ToArray().Should().Equal(0, 1);
        scaler.DataMax.ToArray().Should().Equal(2, 3);
    }
}
