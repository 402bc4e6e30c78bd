using System.Text.RegularExpressions;
using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Training;

namespace LearningRate.Tests.Docs;

/// <summary>
/// The examples of docs/precision.md are the marked blocks below, compiled with the tests and run: bfloat16 weights
/// trained with the functional Adam kernel and stochastic rounding, and a loss-scaled loop whose backward pass runs in
/// Half (so its first, too-highly scaled gradients overflow and those steps are skipped).
/// </summary>
public partial class PrecisionDocTests
{
    [Fact]
    public void FunctionalExample_TrainsBFloat16Weights()
    {
        var model = new Quadratic(count: 1000, seed: 1);
        var weights = new BFloat16[model.Count];
        var gradients = new BFloat16[model.Count];
        const int Steps = 1500;

        // precision.md, functional: begin
        var w = new float[weights.Length];
        var g = new float[weights.Length];
        var m = new float[weights.Length];
        var v = new float[weights.Length];
        for (var step = 1; step <= Steps; step++)
        {
            model.Backward(weights, gradients);           // your code: writes the bfloat16 gradients
            ReducedPrecision.Widen(weights, w);            // exact
            ReducedPrecision.Widen(gradients, g);
            var scalars = new AdamKernel.Scalars<float>(learningRate: 1e-2, beta1: 0.9, beta2: 0.999, epsilon: 1e-8,
                weightDecay: 0, amsGrad: false, maximize: false, decoupledWeightDecay: false, step: step);
            AdamKernel.Update<float>(w, g, m, v, default, scalars);
            ReducedPrecision.NarrowStochastic(w, weights, seed: 42, counter: step);
        }
        // precision.md, functional: end

        model.MeanError(weights).Should().BeLessThan(0.01);
    }

    [Fact]
    public void GradScalerExample_SkipsTheOverflowingSteps_AndTrains()
    {
        var model = new Quadratic(count: 64, seed: 2);
        var weights = new float[model.Count];
        var gradients = new float[model.Count];
        var optimizer = new Adam<float>(new AdamOptions { LearningRate = 0.05 });
        optimizer.Add("w", weights, gradients);
        var skipped = 0;

        // precision.md, scaler: begin
        var scaler = new GradScaler();                     // scale 65536, ×2 after 2000 clean steps, ×0.5 on overflow
        for (var step = 0; step < 300; step++)
        {
            model.ScaledBackwardInHalf(weights, gradients, scaler.Scale);  // your code: backward pass of loss × scale
            scaler.Unscale(optimizer);                     // gradients ÷ scale; NaN or ±∞ recorded
            GradientClipping.ClipByNorm(optimizer, maxNorm: 10);
            var report = scaler.Step(optimizer);           // skipped if a gradient overflowed
            if (report.Status == StepStatus.SkippedNonFinite)
            {
                skipped++;
            }

            scaler.Update();                               // back off after an overflow, grow after clean steps
        }
        // precision.md, scaler: end

        // |t| ≤ 4 and Half's largest value is 65504: the scales 65536, 32768 and 16384 overflow, 8192 does not.
        skipped.Should().Be(3);
        scaler.Scale.Should().Be(8192);
        optimizer.StepCount.Should().Be(297);
        model.MeanError(weights).Should().BeLessThan(0.05);
    }

    [Theory]
    [InlineData("## Example: bfloat16 weights with the functional kernels", "functional")]
    [InlineData("## Loss scaling: GradScaler", "scaler")]
    public void Doc_ShowsTheExamplesThatRun(string heading, string marker)
    {
        var root = RepositoryRoot();
        var doc = File.ReadAllText(Path.Combine(root, "docs", "precision.md")).ReplaceLineEndings("\n");
        var section = doc.IndexOf(heading, StringComparison.Ordinal);
        section.Should().BeGreaterThan(0, heading);
        var block = CSharpBlock().Match(doc, section);
        block.Success.Should().BeTrue();

        var source = File.ReadAllText(Path.Combine(root, "tests", "LearningRate.Tests", "Docs", "PrecisionDocTests.cs")).ReplaceLineEndings("\n");
        var begin = $"// precision.md, {marker}: begin\n";
        var from = source.IndexOf(begin, StringComparison.Ordinal) + begin.Length;
        var to = source.IndexOf($"// precision.md, {marker}: end", from, StringComparison.Ordinal);
        var lines = source[from..to].Split('\n')[..^1];
        var code = string.Concat(lines.Select(l => (l.Length >= 8 ? l[8..] : l.TrimStart()) + "\n"));

        block.Groups[1].Value.Should().Be(code);
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

    /// <summary>The loss ½Σ(wᵢ − tᵢ)² with targets t from −4 to 4; its gradient is w − t.</summary>
    private sealed class Quadratic(int count, int seed)
    {
        private readonly float[] _targets = Targets(count, seed);

        public int Count => count;

        public void Backward(ReadOnlySpan<BFloat16> weights, Span<BFloat16> gradients)
        {
            for (var i = 0; i < weights.Length; i++)
            {
                gradients[i] = (BFloat16)((float)weights[i] - _targets[i]);
            }
        }

        /// <summary>The gradient of loss × scale computed in Half, as a Half backward pass would: large products overflow to ∞.</summary>
        public void ScaledBackwardInHalf(ReadOnlySpan<float> weights, Span<float> gradients, double scale)
        {
            for (var i = 0; i < weights.Length; i++)
            {
                gradients[i] = (float)(Half)((weights[i] - _targets[i]) * scale);
            }
        }

        public double MeanError<T>(ReadOnlySpan<T> weights)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var total = 0.0;
            for (var i = 0; i < weights.Length; i++)
            {
                total += Math.Abs(double.CreateTruncating(weights[i]) - _targets[i]);
            }

            return total / weights.Length;
        }

        /// <summary>The targets −4 to 4, evenly spaced, shuffled by the seed.</summary>
        private static float[] Targets(int count, int seed)
        {
            var random = new Random(seed);
            return [.. Enumerable.Range(0, count).Select(i => (float)(-4 + (8.0 * i / (count - 1)))).OrderBy(_ => random.Next())];
        }
    }
}
