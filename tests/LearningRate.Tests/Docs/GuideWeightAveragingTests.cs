using System.Text.RegularExpressions;
using LearningRate.Optimizers;
using LearningRate.Schedules;
using LearningRate.Training;

namespace LearningRate.Tests.Docs;

/// <summary>
/// The weight-averaging example of docs/guide.md (section 8) is kept byte-for-byte equal to the marked block below,
/// which compiles with the tests and runs on a noisy linear regression: the averaged weights beat the last ones.
/// </summary>
public partial class GuideWeightAveragingTests
{
    private const string BeginMarker = "// guide.md, section 8: begin";
    private const string EndMarker = "// guide.md, section 8: end";

    [Fact]
    public void Example_AveragesTheTail_AndTheAveragesFitBetterThanTheLastWeights()
    {
        var model = new NoisyRegression(rows: 400, seed: 5);
        var batches = new EndlessMiniBatches(new MiniBatches(400, batchSize: 4, seed: 2));

        // guide.md, section 8: begin
        var sgd = new Sgd<double>(new SgdOptions { LearningRate = 0.1, Momentum = 0.9 });
        sgd.Add("w", model.Weights, model.Gradients);

        // A cosine until update 150, then PyTorch's SWALR: from the cosine's value there to 0.05 over 10 updates.
        // The averages take every update from 150 on: SWA, the plain mean (decay: 0.999 would make it an EMA).
        sgd.Groups[0].Schedule = Schedule.Cosine(0.1, 300).ThenSwaAnneal(150, swaLearningRate: 0.05, annealSteps: 10);
        var swa = new AveragedParameters<double>(sgd, start: 150);
        for (var step = 0; step < 300; step++)
        {
            model.ForwardBackward(batches.Next());   // your code: writes the gradients
            sgd.Step();
            swa.Update();                            // averages after updates 150, 151, ...; allocates nothing
        }

        var lastLoss = model.Loss();                 // with the weights training ended with
        swa.Swap();                                  // the model's own arrays now hold the averages
        var averagedLoss = model.Loss();
        swa.Swap();                                  // back, to train on (or swa.CopyToParameters() to keep them)
        // guide.md, section 8: end

        swa.Count.Should().Be(150);
        averagedLoss.Should().BeLessThan(lastLoss, "the mean of the noisy tail sits nearer the minimum than its last point");
        model.Loss().Should().Be(lastLoss, "two swaps give the last weights back");
    }

    [Fact]
    public void Guide_ShowsTheExampleThatRuns()
    {
        var root = RepositoryRoot();
        var guide = File.ReadAllText(Path.Combine(root, "docs", "guide.md")).ReplaceLineEndings("\n");
        var section = guide[guide.IndexOf("## 8. Weight averaging", StringComparison.Ordinal)..];
        var block = CSharpBlock().Match(section);
        block.Success.Should().BeTrue("section 8 opens with a C# example");

        var source = File.ReadAllText(Path.Combine(root, "tests", "LearningRate.Tests", "Docs", "GuideWeightAveragingTests.cs")).ReplaceLineEndings("\n");
        // The markers as whole lines, not the constants that name them.
        var from = source.IndexOf(BeginMarker + "\n", StringComparison.Ordinal) + BeginMarker.Length + 1;
        var to = source.LastIndexOf('\n', source.IndexOf(EndMarker + "\n", from, StringComparison.Ordinal)) + 1;
        var example = string.Concat(source[from..to].Split('\n').Select(line => (line.StartsWith("        ", StringComparison.Ordinal) ? line[8..] : line) + "\n"))[..^1];

        block.Groups[1].Value.Should().Be(example);
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

    /// <summary>Least squares y ≈ w₁x₁ + w₂x₂ + b on seeded data with noise of 0.5; loss ½·mean squared error.</summary>
    private sealed class NoisyRegression
    {
        private readonly double[] _x;
        private readonly double[] _y;

        public NoisyRegression(int rows, int seed)
        {
            var random = new Random(seed);
            _x = [.. Enumerable.Range(0, 2 * rows).Select(_ => (2 * random.NextDouble()) - 1)];
            _y = [.. Enumerable.Range(0, rows).Select(r => (2 * _x[2 * r]) - _x[(2 * r) + 1] + 0.5 + (0.5 * ((2 * random.NextDouble()) - 1)))];
        }

        /// <summary>Gets w₁, w₂, b.</summary>
        public double[] Weights { get; } = new double[3];

        public double[] Gradients { get; } = new double[3];

        /// <summary>The loss of a batch; writes its gradient.</summary>
        public double ForwardBackward(ReadOnlySpan<int> rows)
        {
            Array.Clear(Gradients);
            var loss = 0.0;
            foreach (var r in rows)
            {
                var error = (Weights[0] * _x[2 * r]) + (Weights[1] * _x[(2 * r) + 1]) + Weights[2] - _y[r];
                loss += 0.5 * error * error / rows.Length;
                Gradients[0] += error * _x[2 * r] / rows.Length;
                Gradients[1] += error * _x[(2 * r) + 1] / rows.Length;
                Gradients[2] += error / rows.Length;
            }

            return loss;
        }

        /// <summary>The loss on every row, gradients untouched.</summary>
        public double Loss()
        {
            var loss = 0.0;
            for (var r = 0; r < _y.Length; r++)
            {
                var error = (Weights[0] * _x[2 * r]) + (Weights[1] * _x[(2 * r) + 1]) + Weights[2] - _y[r];
                loss += 0.5 * error * error / _y.Length;
            }

            return loss;
        }
    }
}
