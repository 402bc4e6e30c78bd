using LearningRate.Training;

namespace LearningRate.Tests.Training;

public class StandardizerTests
{
    // Two columns: [1, 2, 3, 4] (μ = 2.5, σ² = 1.25) and [10, 10, 10, 10] (constant).
    private static readonly double[] s_matrix = [1, 10, 2, 10, 3, 10, 4, 10];

    [Fact]
    public void Fit_KnownColumns_ExactMeanAndPopulationDeviation()
    {
        var standardizer = new Standardizer();
        standardizer.Fit<double>(s_matrix, 2);

        standardizer.Columns.Should().Be(2);
        standardizer.Count.Should().Be(4);
        standardizer.Mean.ToArray().Should().Equal(2.5, 10);
        standardizer.StandardDeviation[0].Should().Be(Math.Sqrt(1.25));
        standardizer.StandardDeviation[1].Should().Be(0);
    }

    [Fact]
    public void Transform_ZeroVarianceColumn_CentresToZero_DividesByOne()
    {
        var standardizer = new Standardizer();
        standardizer.Fit<double>(s_matrix, 2);
        var data = s_matrix.ToArray();
        standardizer.Transform<double>(data);

        standardizer.Scale.ToArray().Should().Equal(Math.Sqrt(1.25), 1);
        var s = Math.Sqrt(1.25);
        data.Should().Equal(-1.5 / s, 0, -0.5 / s, 0, 0.5 / s, 0, 1.5 / s, 0);
    }

    [Fact]
    public void Fit_LargeOffset_Exact_WhereSumOfSquaresCancels()
    {
        // The classic example: 1e9 + {4, 7, 13, 16} has mean 1e9 + 10 and variance 22.5 exactly.
        double[] data = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16];
        var standardizer = new Standardizer();
        standardizer.Fit<double>(data, 1);

        standardizer.Mean[0].Should().Be(1e9 + 10);
        standardizer.StandardDeviation[0].Should().BeApproximately(Math.Sqrt(22.5), 1e-12);

        // The naive one-pass formula loses every digit here (shown so the test means something).
        var naive = (data.Sum(x => x * x) / 4) - Math.Pow(data.Average(), 2);
        Math.Abs(naive - 22.5).Should().BeGreaterThan(1);
    }

    [Fact]
    public void Fit_ManyValuesNearALargeOffset_MeanExact_WherePlainWelfordDrifts()
    {
        // 7000 values 1e9 + (k mod 7): every residue 1000 times, so μ = 1e9 + 3 (a double) and σ² = (7² − 1)/12 = 4.
        var data = Enumerable.Range(0, 7000).Select(k => 1e9 + (k % 7)).ToArray();
        var standardizer = new Standardizer();
        standardizer.Fit<double>(data, 1);

        standardizer.Mean[0].Should().Be(1e9 + 3);
        standardizer.StandardDeviation[0].Should().BeApproximately(2, 1e-14);

        // Welford's update without the shift, written out here, ends several ulps (1.19e-7 each) off.
        double mean = 0;
        for (var n = 1; n <= data.Length; n++)
        {
            mean += (data[n - 1] - mean) / n;
        }

        Math.Abs(mean - (1e9 + 3)).Should().BeGreaterThan(2e-7);
    }

    [Fact]
    public void Fit_Float_StatisticsInDouble_TransformRoundTrips()
    {
        float[] data = [0.5f, -3f, 1.5f, 7f, 2.5f, 2f];
        var standardizer = new Standardizer();
        standardizer.Fit<float>(data, 2);
        standardizer.Mean[0].Should().Be(1.5);
        standardizer.Mean[1].Should().Be(2);
        standardizer.StandardDeviation[1].Should().BeApproximately(Math.Sqrt(50.0 / 3), 1e-15);

        var z = new float[6];
        standardizer.Transform<float>(data, z);
        z[0].Should().BeApproximately((float)(-1 / Math.Sqrt(2.0 / 3)), 1e-6f);
        var back = new float[6];
        standardizer.InverseTransform<float>(z, back);
        back.Should().Equal(data, (a, b) => Math.Abs(a - b) < 1e-5f);
    }

    [Fact]
    public void PartialFit_InChunks_EqualsOneFit()
    {
        var random = new Random(11);
        var data = Enumerable.Range(0, 300).Select(_ => (random.NextDouble() * 100) - 50).ToArray();
        var whole = new Standardizer();
        whole.Fit<double>(data, 3);
        var chunks = new Standardizer();
        chunks.PartialFit<double>(data.AsSpan(0, 90), 3);
        chunks.PartialFit<double>(data.AsSpan(90, 210), 3);

        chunks.Count.Should().Be(100);
        for (var c = 0; c < 3; c++)
        {
            chunks.Mean[c].Should().BeApproximately(whole.Mean[c], 1e-12);
            chunks.StandardDeviation[c].Should().BeApproximately(whole.StandardDeviation[c], 1e-12);

            // Against a two-pass reference computed here.
            var column = Enumerable.Range(0, 100).Select(r => data[(r * 3) + c]).ToArray();
            var mean = column.Average();
            var sigma = Math.Sqrt(column.Sum(x => (x - mean) * (x - mean)) / 100);
            whole.Mean[c].Should().BeApproximately(mean, 1e-12);
            whole.StandardDeviation[c].Should().BeApproximately(sigma, 1e-12);
        }
    }

    [Fact]
    public void Transform_ThenStatistics_AreZeroAndOne()
    {
        var random = new Random(5);
        var data = Enumerable.Range(0, 400).Select(i => (i % 2 == 0 ? 1000 : 0.001) * random.NextDouble()).ToArray();
        var standardizer = new Standardizer();
        standardizer.Fit<double>(data, 2);
        standardizer.Transform<double>(data);

        var check = new Standardizer();
        check.Fit<double>(data, 2);
        check.Mean[0].Should().BeApproximately(0, 1e-12);
        check.Mean[1].Should().BeApproximately(0, 1e-12);
        check.StandardDeviation[0].Should().BeApproximately(1, 1e-12);
        check.StandardDeviation[1].Should().BeApproximately(1, 1e-12);
    }

    [Fact]
    public void Fit_BadInput_ThrowsNamingArgument_AndKeepsPreviousFit()
    {
        var standardizer = new Standardizer();
        standardizer.Fit<double>(s_matrix, 2);

        FluentActions.Invoking(() => standardizer.Fit<double>(new double[3], 2)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("data");
        FluentActions.Invoking(() => standardizer.Fit<double>([], 2)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("data");
        FluentActions.Invoking(() => standardizer.Fit<double>([1, double.NaN], 2)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("data");
        FluentActions.Invoking(() => standardizer.Fit<double>([1, 2], 0)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("columns");
        FluentActions.Invoking(() => standardizer.PartialFit<double>([1, 2, 3], 3)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("columns");
        FluentActions.Invoking(() => standardizer.Transform<double>(new double[3])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("data");
        FluentActions.Invoking(() => standardizer.Transform<double>(new double[4], new double[2])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("destination");

        standardizer.Mean.ToArray().Should().Equal(2.5, 10);
        standardizer.Count.Should().Be(4);
    }

    [Fact]
    public void Transform_BeforeFit_Throws()
    {
        FluentActions.Invoking(() => new Standardizer().Transform<float>(new float[2])).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void RoundingNoiseAroundALargeMean_CountsAsAConstantColumn()
    {
        // Three values of 1e8 and one a single ulp (1.49e-8) above: σ is about 1e-8 (within rounding), far below 16ε·1e8 ≈ 3.6e-7.
        var ulp = Math.BitIncrement(1e8) - 1e8;
        double[] column = [1e8, 1e8, 1e8 + ulp, 1e8];
        var standardizer = new Standardizer();

        standardizer.Fit<double>(column, 1);

        standardizer.StandardDeviation[0].Should().BeInRange(ulp / 4, ulp);
        standardizer.Scale[0].Should().Be(1, "a spread within the rounding of the mean is no spread");
        standardizer.Transform<double>(column);
        column.Should().OnlyContain(z => Math.Abs(z) < 1e-7);
    }

    [Fact]
    public void RealSpreadAroundALargeMean_IsKept()
    {
        double[] column = [1e8, 1e8 + 4];
        var standardizer = new Standardizer();

        standardizer.Fit<double>(column, 1);

        standardizer.Scale[0].Should().Be(2);
        standardizer.StandardDeviation[0].Should().Be(2);
        standardizer.Transform<double>(column);
        column.Should().Equal(-1, 1);
    }

    [Fact]
    public void InverseTransform_InPlace_AndIntoADestination_UndoTransform()
    {
        var standardizer = new Standardizer();
        standardizer.Fit<double>(s_matrix, 2);
        var z = new double[s_matrix.Length];
        standardizer.Transform<double>(s_matrix, z);

        var back = new double[z.Length];
        standardizer.InverseTransform<double>(z, back);
        standardizer.InverseTransform<double>(z);

        back.Should().Equal(s_matrix, (a, b) => Math.Abs(a - b) < 1e-12);
        z.Should().Equal(back);
    }

    [Fact]
    public void EveryTransform_ChecksItsShape_BeforeWriting()
    {
        var standardizer = new Standardizer();
        standardizer.Fit<double>(s_matrix, 2);
        double[] odd = [1, 2, 3];
        double[] four = [1, 2, 3, 4];
        double[] two = [7, 7];

        FluentActions.Invoking(() => standardizer.InverseTransform<double>(odd)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("data");
        FluentActions.Invoking(() => standardizer.InverseTransform<double>(odd, new double[3])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("source");
        FluentActions.Invoking(() => standardizer.InverseTransform<double>(four, two)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("destination");
        FluentActions.Invoking(() => standardizer.Transform<double>(odd, new double[3])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("source");
        FluentActions.Invoking(() => new Standardizer().InverseTransform<double>(four)).Should().Throw<InvalidOperationException>();
        odd.Should().Equal(1, 2, 3);
        two.Should().Equal(7, 7);
    }

    [Fact]
    public void PartialFit_BadData_Throws_AndKeepsTheStatistics()
    {
        var standardizer = new Standardizer();
        standardizer.PartialFit<double>(s_matrix, 2);

        FluentActions.Invoking(() => standardizer.PartialFit<double>([1, double.PositiveInfinity], 2)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("data");
        FluentActions.Invoking(() => standardizer.PartialFit<double>([1, 2, 3], 2)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("data");

        standardizer.Count.Should().Be(4);
        standardizer.Mean.ToArray().Should().Equal(2.5, 10);
    }
}
