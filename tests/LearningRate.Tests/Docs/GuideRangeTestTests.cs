using System.Text.RegularExpressions;
using LearningRate.Optimizers;
using LearningRate.Training;

namespace LearningRate.Tests.Docs;

/// <summary>
/// The range-test example of docs/guide.md (section 3) is kept byte-for-byte equal to the marked block below,
/// which compiles with the tests and runs on a small linear-regression model.
/// </summary>
public partial class GuideRangeTestTests
{
    private const string BeginMarker = "// guide.md, section 3: begin";
    private const string EndMarker = "// guide.md, section 3: end";

    [Fact]
    public void Example_FindsTheDescent_SetsTheRecommendedRate_AndLeavesTheModelAsItWas()
    {
        var (model, optimizer, rowCount) = RegressionSetup();
        var weightsBefore = model.Weights.ToArray();

        // guide.md, section 3: begin
        var batches = new EndlessMiniBatches(new MiniBatches(rowCount, batchSize: 32, seed: 1));
        var finder = new LearningRateFinder(optimizer);         // fastai's defaults: 1e-7 to 10 over 100 steps
        var result = finder.Run(_ =>
        {
            var loss = model.ForwardBackward(batches.Next());   // your code: the batch's loss; writes the gradients
            optimizer.Step();                                   // your code steps: the finder only sets the rate
            return loss;
        });
        Console.WriteLine(result.Summary);                      // the evidence, or why there is none
        foreach (var suggestion in result.Suggestions)
        {
            Console.WriteLine($"{suggestion.Rule}: {suggestion.LearningRate:G3}. {suggestion.Rationale}");
        }

        if (result.Recommended is { } start)
        {
            optimizer.Groups[0].LearningRate = start.LearningRate;   // a constant rate; see below for schedules
        }

        File.WriteAllText("range-test.svg", result.ToSvg());
        // guide.md, section 3: end

        result.DescentFound.Should().BeTrue(result.Summary);
        result.OptimizerSteps.Should().Be(result.Losses.Count);
        result.SignalToNoise.Should().BeGreaterThan(10);
        optimizer.Groups[0].LearningRate.Should().Be(result.Valley!.LearningRate);
        result.LossMinimum!.LearningRate.Should().BeGreaterThan(result.Valley.LearningRate);
        var last = result.LearningRates[^1];
        result.Suggestions.Should().OnlyContain(s => s.LearningRate >= 1e-7 && s.LearningRate <= last);
        model.Weights.Should().Equal(weightsBefore, "the finder restores the parameters");
        optimizer.StepCount.Should().Be(0);
        File.ReadAllText("range-test.svg").Should().StartWith("<svg");
        batches.BatchesServed.Should().Be(result.Losses.Count);

        // And the descent is real: Adam at the valley rate (safe, not fast) lowers the loss within 200 batches.
        var first = model.ForwardBackward(batches.Next());
        for (var k = 0; k < 200; k++)
        {
            model.ForwardBackward(batches.Next());
            optimizer.Step();
        }

        model.ForwardBackward(batches.Next()).Should().BeLessThan(0.9 * first);
    }

    [Fact]
    public void Guide_ShowsTheExampleThatRuns()
    {
        var root = RepositoryRoot();
        var guide = File.ReadAllText(Path.Combine(root, "docs", "guide.md")).ReplaceLineEndings("\n");
        var section = guide[guide.IndexOf("## 3. The range test", StringComparison.Ordinal)..];
        var block = CSharpBlock().Match(section);
        block.Success.Should().BeTrue("section 3 opens with a C# example");

        var source = File.ReadAllText(Path.Combine(root, "tests", "LearningRate.Tests", "Docs", "GuideRangeTestTests.cs")).ReplaceLineEndings("\n");
        // The markers as whole lines, not the constants that name them.
        var from = source.IndexOf(BeginMarker + "\n", StringComparison.Ordinal) + BeginMarker.Length + 1;
        var to = source.LastIndexOf('\n', source.IndexOf(EndMarker + "\n", from, StringComparison.Ordinal)) + 1;
        var example = string.Concat(source[from..to].Split('\n').Select(line => (line.StartsWith("        ", StringComparison.Ordinal) ? line[8..] : line) + "\n"))[..^1];

        block.Groups[1].Value.Should().Be(example);
    }

    private static (LinearModel Model, Adam<double> Optimizer, int RowCount) RegressionSetup()
    {
        const int Rows = 512;
        var model = new LinearModel(Rows, seed: 3);
        var optimizer = new Adam<double>();
        optimizer.Add("w", model.Weights, model.Gradients);
        return (model, optimizer, Rows);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LearningRate.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("LearningRate.sln not found above the test binaries.");
    }

    [GeneratedRegex("```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    /// <summary>Least squares y ≈ w·x + b on seeded data (y = 1.5x₁ − 2x₂ + 0.5x₃ + 1 + 0.1·noise); loss ½·mean squared error.</summary>
    private sealed class LinearModel
    {
        private const int Features = 3;
        private readonly double[] _x;
        private readonly double[] _y;

        public LinearModel(int rows, int seed)
        {
            var random = new Random(seed);
            _x = [.. Enumerable.Range(0, rows * Features).Select(_ => (2 * random.NextDouble()) - 1)];
            _y = [.. Enumerable.Range(0, rows).Select(r => (1.5 * _x[r * Features]) - (2 * _x[(r * Features) + 1]) + (0.5 * _x[(r * Features) + 2]) + 1 + (0.1 * ((2 * random.NextDouble()) - 1)))];
        }

        /// <summary>Gets w₁, w₂, w₃, b.</summary>
        public double[] Weights { get; } = new double[Features + 1];

        public double[] Gradients { get; } = new double[Features + 1];

        public double ForwardBackward(ReadOnlySpan<int> rows)
        {
            Array.Clear(Gradients);
            var loss = 0.0;
            foreach (var r in rows)
            {
                var error = Weights[Features] - _y[r];
                for (var j = 0; j < Features; j++)
                {
                    error += Weights[j] * _x[(r * Features) + j];
                }

                loss += 0.5 * error * error / rows.Length;
                for (var j = 0; j < Features; j++)
                {
                    Gradients[j] += error * _x[(r * Features) + j] / rows.Length;
                }

                Gradients[Features] += error / rows.Length;
            }

            return loss;
        }
    }
}
