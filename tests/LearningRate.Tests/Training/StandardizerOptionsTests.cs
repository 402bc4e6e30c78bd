using LearningRate.Training;

namespace LearningRate.Tests.Training;

/// <summary>
/// The scikit-learn options of <see cref="Standardizer"/> (with_mean, with_std, NaN as missing), its near-constant
/// column rule, and restoring a fit from its mean and scale. Expected values are computed by hand in each test.
/// </summary>
public class StandardizerOptionsTests
{
    // 2^-52: numpy's finfo(float64).eps.
    private const double Eps = 2.220446049250313e-16;

    [Fact]
    public void WithMeanFalse_DividesOnly_AsStandardScalerWithMeanFalse()
    {
        // Column [1, 2, 3, 4]: μ = 2.5, σ² = 1.25; with_mean=False gives x / σ = x · 0.894427190999916.
        double[] data = [1, 2, 3, 4];
        var standardizer = new Standardizer { WithMean = false };
        standardizer.Fit<double>(data, 1);

        standardizer.Mean[0].Should().Be(2.5, "the mean is still measured");
        standardizer.Transform<double>(data);

        data.Should().Equal([0.8944271909999159, 1.7888543819998317, 2.6832815729997477, 3.5777087639996634], (a, b) => Math.Abs(a - b) < 1e-15);
        standardizer.InverseTransform<double>(data);
        data.Should().Equal([1.0, 2, 3, 4], (a, b) => Math.Abs(a - b) < 1e-15);
    }

    [Fact]
    public void WithStdFalse_CentresOnly_ScaleIsOne_DeviationStillMeasured()
    {
        double[] data = [1, 10, 2, 20, 3, 30, 4, 40];
        var standardizer = new Standardizer { WithStd = false };
        standardizer.Fit<double>(data, 2);

        standardizer.Scale.ToArray().Should().Equal(1, 1);
        standardizer.StandardDeviation[1].Should().BeApproximately(Math.Sqrt(125), 1e-13);
        standardizer.Transform<double>(data);
        data.Should().Equal(-1.5, -15, -0.5, -5, 0.5, 5, 1.5, 15);
    }

    [Fact]
    public void WithNeither_IsTheIdentity()
    {
        double[] data = [3, -7, 11, 0.25];
        var standardizer = new Standardizer { WithMean = false, WithStd = false };
        standardizer.Fit<double>(data, 2);
        standardizer.Transform<double>(data);
        data.Should().Equal(3, -7, 11, 0.25);
    }

    [Fact]
    public void IgnoreNaN_SkipsMissingValuesPerColumn_AndTransformPassesThemThrough()
    {
        // StandardScaler().fit([[1, nan], [nan, 2], [3, 4], [5, 6]]): mean_ [3, 4], var_ [8/3, 8/3], n_samples_seen_ [3, 3].
        double[] data = [1, double.NaN, double.NaN, 2, 3, 4, 5, 6];
        var standardizer = new Standardizer { IgnoreNaN = true };
        standardizer.Fit<double>(data, 2);

        standardizer.Count.Should().Be(4);
        standardizer.ColumnCounts.ToArray().Should().Equal(3, 3);
        standardizer.Mean.ToArray().Should().Equal(3, 4);
        standardizer.StandardDeviation[0].Should().BeApproximately(Math.Sqrt(8.0 / 3), 1e-15);

        standardizer.Transform<double>(data);
        var z = 2 / Math.Sqrt(8.0 / 3);   // 1.224744871391589
        data[0].Should().BeApproximately(-z, 1e-15);
        double.IsNaN(data[1]).Should().BeTrue();
        double.IsNaN(data[2]).Should().BeTrue();
        data[3].Should().BeApproximately(-z, 1e-15);
        data[6].Should().BeApproximately(z, 1e-15);
    }

    [Fact]
    public void IgnoreNaN_PartialFitInChunks_EqualsOneFit()
    {
        double[] data = [1, double.NaN, double.NaN, 2, 3, 4, 5, 6, 8, double.NaN];
        var whole = new Standardizer { IgnoreNaN = true };
        whole.Fit<double>(data, 2);
        var chunks = new Standardizer { IgnoreNaN = true };
        chunks.PartialFit<double>(data.AsSpan(0, 4), 2);
        chunks.PartialFit<double>(data.AsSpan(4), 2);

        chunks.ColumnCounts.ToArray().Should().Equal(4, 3);
        chunks.Mean.ToArray().Should().Equal(whole.Mean.ToArray());
        chunks.Mean[0].Should().Be(17.0 / 4);
        chunks.StandardDeviation[0].Should().BeApproximately(Math.Sqrt(((3.25 * 3.25) + (1.25 * 1.25) + (0.75 * 0.75) + (3.75 * 3.75)) / 4), 1e-15);
    }

    [Fact]
    public void IgnoreNaN_ColumnWithNoValues_HasNaNStatistics_AndTransformsToNaN()
    {
        double[] data = [1, double.NaN, 3, double.NaN];
        var standardizer = new Standardizer { IgnoreNaN = true };
        standardizer.Fit<double>(data, 2);

        standardizer.ColumnCounts.ToArray().Should().Equal(2, 0);
        double.IsNaN(standardizer.Mean[1]).Should().BeTrue();
        double.IsNaN(standardizer.Scale[1]).Should().BeTrue();
        double[] row = [3, 5];
        standardizer.Transform<double>(row);
        row[0].Should().Be(1);
        double.IsNaN(row[1]).Should().BeTrue();
    }

    [Fact]
    public void NaN_RefusedByDefault_InfinityRefusedEvenWhenIgnoringNaN()
    {
        var strict = new Standardizer();
        FluentActions.Invoking(() => strict.Fit<double>([1, double.NaN], 1)).Should().Throw<ArgumentException>()
            .Where(e => e.ParamName == "data" && e.Message.Contains("IgnoreNaN"));

        var lenient = new Standardizer { IgnoreNaN = true };
        FluentActions.Invoking(() => lenient.Fit<float>([1f, float.NegativeInfinity], 1)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("data");
        lenient.Columns.Should().Be(0);
    }

    [Fact]
    public void Transform_PassesNaNThrough_WhateverTheFitOption()
    {
        var standardizer = new Standardizer();
        standardizer.Fit<float>([1f, 3f], 1);
        float[] data = [float.NaN, 3f];
        standardizer.Transform<float>(data);
        float.IsNaN(data[0]).Should().BeTrue();
        data[1].Should().Be(1f);
    }

    [Fact]
    public void TinySpreadAroundALargeMean_ManyRows_IsConstant_AsScikitLearn()
    {
        // 100 rows of 1e9 ± 1e-5 (stored as 1e9 ± 84 ulps of 1.19e-7): σ² ≈ 1.0e-10, while scikit-learn's bound
        // n·ε·σ² + (n·μ·ε)² = (100 · 1e9 · 2.22e-16)² ≈ 4.9e-10 is larger: the column counts as constant, so it is
        // only centred and stays ±1e-5 instead of becoming ±1.
        var high = 1e9 + 1e-5;
        var low = 1e9 - 1e-5;
        var data = Enumerable.Range(0, 100).Select(i => i % 2 == 0 ? high : low).ToArray();
        var standardizer = new Standardizer();
        standardizer.Fit<double>(data, 1);

        var variance = Math.Pow(standardizer.StandardDeviation[0], 2);
        variance.Should().BeApproximately(Math.Pow((high - low) / 2, 2), 1e-20);
        variance.Should().BeLessThanOrEqualTo(Math.Pow(100 * 1e9 * Eps, 2));
        standardizer.Scale[0].Should().Be(1);
        standardizer.Transform<double>(data);
        data[0].Should().Be(high - 1e9);
        data[1].Should().Be(low - 1e9);
    }

    [Fact]
    public void TinySpreadAroundALargeMean_TwoRows_IsScaled_AsScikitLearn()
    {
        // Two rows: the bound is (2 · 1e9 · ε)² ≈ 2.0e-13, below σ² ≈ 1.0e-10, so the column is scaled to ±1.
        double[] data = [1e9 + 1e-5, 1e9 - 1e-5];
        var standardizer = new Standardizer();
        standardizer.Fit<double>(data, 1);

        standardizer.Scale[0].Should().Be(standardizer.StandardDeviation[0]);
        standardizer.Transform<double>(data);
        data.Should().Equal([1.0, -1.0], (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Theory]
    [InlineData(1e-3, 20)]
    [InlineData(1.0, 20)]
    [InlineData(1e5, 50)]
    [InlineData(1e9, 100)]
    [InlineData(-1e9, 7)]
    public void ScaleIsOne_ExactlyWhereScikitLearnsBoundHolds(double average, int rows)
    {
        // scikit-learn's test_standard_scaler_near_constant_features: columns average ± 10^i, i = −30..19; a column
        // is constant when var ≤ n·ε·var + (n·μ·ε)² (the Chan–Golub–LeVeque bound), transcribed here.
        var exponents = Enumerable.Range(-30, 50).ToArray();
        var data = new double[rows * exponents.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < exponents.Length; c++)
            {
                var spread = Math.Pow(10, exponents[c]);
                data[(r * exponents.Length) + c] = r < rows / 2 ? average + spread : average - spread;
            }
        }

        var standardizer = new Standardizer();
        standardizer.Fit<double>(data, exponents.Length);

        var constants = 0;
        for (var c = 0; c < exponents.Length; c++)
        {
            var variance = standardizer.StandardDeviation[c] * standardizer.StandardDeviation[c];
            var mean = standardizer.Mean[c];
            var constant = variance <= (rows * Eps * variance) + Math.Pow(rows * mean * Eps, 2);
            standardizer.Scale[c].Should().Be(constant ? 1 : standardizer.StandardDeviation[c], $"column ±1e{exponents[c]}");
            constants += constant ? 1 : 0;
        }

        constants.Should().BeInRange(1, exponents.Length - 1, "the sweep covers both sides of the bound");
    }

    [Fact]
    public void Restored_FromMeanAndScale_TransformsBitForBitAlike()
    {
        var random = new Random(3);
        var data = Enumerable.Range(0, 60).Select(i => (random.NextDouble() * (i % 3 == 0 ? 1e4 : 1)) + (i % 3)).ToArray();
        foreach (var (withMean, withStd) in new[] { (true, true), (false, true), (true, false) })
        {
            var fitted = new Standardizer { WithMean = withMean, WithStd = withStd };
            fitted.Fit<double>(data, 3);
            var restored = new Standardizer(fitted.Mean.ToArray(), fitted.Scale.ToArray()) { WithMean = withMean, WithStd = withStd };

            restored.Columns.Should().Be(3);
            restored.Count.Should().Be(0);
            var expected = new double[60];
            var actual = new double[60];
            fitted.Transform<double>(data, expected);
            restored.Transform<double>(data, actual);
            actual.Should().Equal(expected);
            restored.InverseTransform<double>(actual);
            fitted.InverseTransform<double>(expected);
            actual.Should().Equal(expected);
        }
    }

    [Fact]
    public void Restored_FromKnownValues_UsesThem_AndCannotContinueAFit()
    {
        var standardizer = new Standardizer([2.5, -1], [2, 0.5]);
        double[] data = [4.5, 0];
        standardizer.Transform<double>(data);
        data.Should().Equal(1, 2);
        double.IsNaN(standardizer.StandardDeviation[0]).Should().BeTrue();

        FluentActions.Invoking(() => standardizer.PartialFit<double>([1, 2], 2)).Should().Throw<InvalidOperationException>();
        standardizer.Fit<double>([1, 2, 3, 4], 2);
        standardizer.Mean.ToArray().Should().Equal(2, 3);
        standardizer.PartialFit<double>([5, 6], 2);
        standardizer.Mean.ToArray().Should().Equal(3, 4);
    }

    [Fact]
    public void RestoringConstructor_BadStatistics_ThrowNamingTheArgument()
    {
        FluentActions.Invoking(() => new Standardizer([], [])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("mean");
        FluentActions.Invoking(() => new Standardizer([1, 2], [1])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("scale");
        FluentActions.Invoking(() => new Standardizer([double.PositiveInfinity], [1])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("mean");
        FluentActions.Invoking(() => new Standardizer([0], [0])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("scale");
        FluentActions.Invoking(() => new Standardizer([0], [-1])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("scale");
        FluentActions.Invoking(() => new Standardizer([0], [double.NaN])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("scale");
        FluentActions.Invoking(() => new Standardizer([0], [double.PositiveInfinity])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("scale");

        // A column fitted on no values (IgnoreNaN) round-trips.
        var empty = new Standardizer([double.NaN], [double.NaN]);
        double.IsNaN(empty.Mean[0]).Should().BeTrue();
    }
}
