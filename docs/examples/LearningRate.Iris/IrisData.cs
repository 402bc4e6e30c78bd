using System.Globalization;
using LearningRate.Training;

namespace LearningRate.Iris;

/// <summary>Rows of the Iris data: four features per row (row-major) and a class index 0, 1 or 2.</summary>
internal sealed class IrisData(double[] x, int[] labels)
{
    public const int Features = 4;

    public static readonly string[] Species = ["Iris-setosa", "Iris-versicolor", "Iris-virginica"];

    public double[] X { get; } = x;

    public int[] Labels { get; } = labels;

    public int Count => Labels.Length;

    /// <summary>Reads iris.csv: a header, then sepal length, sepal width, petal length, petal width (cm) and the species.</summary>
    public static IrisData Load(string path)
    {
        var lines = File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).ToArray();
        var x = new double[lines.Length * Features];
        var labels = new int[lines.Length];
        for (var r = 0; r < lines.Length; r++)
        {
            var fields = lines[r].Split(',');
            for (var c = 0; c < Features; c++)
            {
                x[(r * Features) + c] = double.Parse(fields[c], CultureInfo.InvariantCulture);
            }

            labels[r] = Array.IndexOf(Species, fields[Features]);
            if (labels[r] < 0)
            {
                throw new InvalidDataException($"{path}, row {r + 1}: unknown species '{fields[Features]}'.");
            }
        }

        return new IrisData(x, labels);
    }

    /// <summary>
    /// A seeded, stratified split: each class's rows are shuffled and dealt out in the given proportions, so every
    /// part holds the three species in the same ratio as the whole. The shuffle is MiniBatches' seeded permutation,
    /// whose generator is part of the library and so gives the same split on every .NET version.
    /// </summary>
    public (IrisData Train, IrisData Validation, IrisData Test) Split(double validationFraction, double testFraction, ulong seed)
    {
        List<int> train = [], validation = [], test = [];
        for (var label = 0; label < Species.Length; label++)
        {
            var members = Enumerable.Range(0, Count).Where(r => Labels[r] == label).ToArray();
            var order = new int[members.Length];
            new MiniBatches(members.Length, members.Length, seed: seed + (ulong)label).GetOrder(0, order);
            var rows = order.Select(i => members[i]).ToArray();

            var testCount = (int)Math.Round(rows.Length * testFraction);
            var validationCount = (int)Math.Round(rows.Length * validationFraction);
            test.AddRange(rows[..testCount]);
            validation.AddRange(rows[testCount..(testCount + validationCount)]);
            train.AddRange(rows[(testCount + validationCount)..]);
        }

        return (Subset(train), Subset(validation), Subset(test));
    }

    /// <summary>Returns a copy whose features went through <paramref name="transform"/> (for example a fitted scaler).</summary>
    public IrisData WithFeatures(Action<double[], double[]> transform)
    {
        var x = new double[X.Length];
        transform(X, x);
        return new IrisData(x, Labels);
    }

    private IrisData Subset(List<int> rows)
    {
        var x = new double[rows.Count * Features];
        for (var i = 0; i < rows.Count; i++)
        {
            X.AsSpan(rows[i] * Features, Features).CopyTo(x.AsSpan(i * Features));
        }

        return new IrisData(x, [.. rows.Select(r => Labels[r])]);
    }
}
