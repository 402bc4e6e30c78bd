namespace LearningRate.Demo;

/// <summary>
/// A three-armed spiral in the plane (the classic data set a linear model cannot fit), plus two
/// noise features, stored row-major. The raw features deliberately live on very different scales
/// (a feature in the thousands next to one around 0.01), as real tabular data often does.
/// </summary>
internal sealed class SpiralData
{
    public const int Classes = 3;
    public const int Features = 4;

    private SpiralData(double[] features, int[] labels)
    {
        X = features;
        Labels = labels;
    }

    /// <summary>Gets the features, <see cref="Count"/> rows of <see cref="Features"/> columns, row-major.</summary>
    public double[] X { get; }

    public int[] Labels { get; }

    public int Count => Labels.Length;

    public static (SpiralData Train, SpiralData Validation) Generate(int perClass, int seed)
    {
        var random = new Random(seed);
        var count = perClass * Classes;
        var x = new double[count * Features];
        var labels = new int[count];
        for (var c = 0; c < Classes; c++)
        {
            for (var i = 0; i < perClass; i++)
            {
                var row = (c * perClass) + i;
                var radius = (double)i / perClass;
                var angle = (c * 2 * Math.PI / Classes) + (radius * 4.0) + (Gaussian(random) * 0.2);
                var u = radius * Math.Sin(angle);
                var v = radius * Math.Cos(angle);

                // The scales a person would meet in a spreadsheet: one column in the thousands with an
                // offset, one around 0.01, and two columns of pure noise.
                x[(row * Features) + 0] = 5000 + (1000 * u);
                x[(row * Features) + 1] = 0.01 * v;
                x[(row * Features) + 2] = Gaussian(random) * 50;
                x[(row * Features) + 3] = Gaussian(random) * 0.5;
                labels[row] = c;
            }
        }

        // Shuffle once, then hold out a quarter for validation.
        var order = Enumerable.Range(0, count).OrderBy(_ => random.Next()).ToArray();
        var validationCount = count / 4;
        return (Take(order[validationCount..]), Take(order[..validationCount]));

        SpiralData Take(int[] rows)
        {
            var features = new double[rows.Length * Features];
            var y = new int[rows.Length];
            for (var r = 0; r < rows.Length; r++)
            {
                Array.Copy(x, rows[r] * Features, features, r * Features, Features);
                y[r] = labels[rows[r]];
            }

            return new SpiralData(features, y);
        }
    }

    public SpiralData WithFeatures(double[] features) => new(features, Labels);

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
