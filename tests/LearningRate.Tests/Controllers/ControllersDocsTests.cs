using System.Text.RegularExpressions;
using LearningRate.Controllers;
using LearningRate.Optimizers;
using LearningRate.Schedules;

namespace LearningRate.Tests.Controllers;

/// <summary>
/// The code blocks of docs/controllers.md are the regions marked <c>// doc:NAME</c> … <c>// end doc</c>
/// in this file, so they compile and run; the tests check the docs still contain them verbatim.
/// </summary>
public partial class ControllersDocsTests
{
    [Fact]
    public void ComposeExample_RunsAndCutsTheScheduledRate()
    {
        // A problem whose validation loss stalls: the optimum moves away from the training data.
        var weights = new float[4];
        var gradients = new float[4];
        var adam = new Adam<float>(new AdamOptions { LearningRate = 0.1 });
        adam.Add("weights", weights, gradients);
        const int steps = 1000;
        const int evalEvery = 25;
        var scaleBeforeStep = new double[steps];
        var usedLearningRate = new double[steps];
        void ComputeGradients()
        {
            // Instrumentation: the scale the coming step will see, and the rate the previous step used.
            var next = adam.StepCount;
            scaleBeforeStep[next] = adam.Groups[0].Controllers[0].Scale;
            if (next > 0)
            {
                usedLearningRate[next - 1] = adam.Groups[0].LastLearningRate!.Value;
            }

            for (var i = 0; i < weights.Length; i++)
            {
                gradients[i] = 2 * (weights[i] - 3);
            }
        }

        double ValidationLoss() => weights.Sum(w => (w - 3.5) * (w - 3.5));
        using var log = new StringWriter();

        // doc:compose
        var group = adam.Groups[0];
        group.Schedule = Schedule.Warmup(50, to: 0.1).Then(Schedule.Cosine(0.1, 950));
        var plateau = new ReduceOnPlateau(new ReduceOnPlateauOptions
        {
            Factor = 0.5,
            Patience = 3,
            ThresholdMode = PlateauThresholdMode.SignAwareRelative,
            BaseLearningRate = 0.1,   // the schedule's peak: MinLearningRate and Epsilon are in its units
            MinLearningRate = 1e-4,
        });
        group.AddController(plateau);   // learning rate = schedule(step) × plateau.Scale
        plateau.Changed += (_, r) =>
            log.WriteLine($"report {r.Step}: scale {r.OldScale} -> {r.NewScale} ({r.Reason}, metric {r.Metric})");

        for (var step = 0; step < steps; step++)
        {
            ComputeGradients();
            adam.Step();
            if ((step + 1) % evalEvery == 0)
            {
                plateau.Report(ValidationLoss());
            }
        }
        // end doc

        plateau.Scale.Should().BeLessThan(1, "the validation loss stalls, so the plateau cuts the rate");
        plateau.Scale.Should().BeGreaterThanOrEqualTo(1e-4 / 0.1);
        log.ToString().Should().Contain("(Reduced, metric");
        group.Controllers.Should().ContainSingle().Which.Should().BeSameAs(plateau);
        usedLearningRate[steps - 1] = group.LastLearningRate!.Value;
        var schedule = group.Schedule!;
        for (var step = 0; step < steps; step++)
        {
            usedLearningRate[step].Should().Be(schedule.At(step) * scaleBeforeStep[step], "step {0} uses warmup/cosine × the scale at that time", step);
        }
    }

    [Fact]
    public void FixedRateExample_FloorsAtTheAbsoluteMinimum()
    {
        var weights = new double[4];
        var gradients = new double[4];
        void ComputeGradients()
        {
            for (var i = 0; i < weights.Length; i++)
            {
                gradients[i] = 2 * (weights[i] - 3);
            }
        }

        double ValidationLoss() => weights.Sum(w => (w - 3.5) * (w - 3.5));
        using var log = new StringWriter();

        // doc:fixed
        var sgd = new Sgd<double>(new SgdOptions { LearningRate = 0.4 });
        sgd.Add("weights", weights, gradients);
        var plateau = new ReduceOnPlateau(new ReduceOnPlateauOptions
        {
            Patience = 2,
            MinLearningRate = 1e-4,   // PyTorch's min_lr: an absolute rate, as the group's rate is fixed
        });
        sgd.Groups[0].AddController(plateau);   // the controller learns the rate it multiplies: 0.4

        for (var epoch = 0; epoch < 40; epoch++)
        {
            ComputeGradients();
            sgd.Step();
            plateau.Report(ValidationLoss());
        }

        log.WriteLine($"learning rate {sgd.Groups[0].NextLearningRate:G3}");   // 0.4 cut ×0.1 per plateau, down to 1e-4
        // end doc

        plateau.BaseLearningRate.Should().Be(0.4);
        sgd.Groups[0].NextLearningRate.Should().BeApproximately(1e-4, 1e-16, "three cuts, then the absolute floor");
        log.ToString().Should().Be($"learning rate 0.0001{Environment.NewLine}");
    }

    [Fact]
    public void BoldDriverExample_RunsAndConverges()
    {
        // f(w) = ½ Σ a_i w_i² with a_i up to 100: plain descent at 0.05 diverges.
        double[] curvature = [1, 10, 50, 100];
        var weights = new double[] { 1, 1, 1, 1 };
        var gradients = new double[4];
        const double baseLearningRate = 0.05;
        double Loss(double[] w) => 0.5 * w.Select((v, i) => curvature[i] * v * v).Sum();
        void ComputeGradients(double[] w, double[] g)
        {
            for (var i = 0; i < w.Length; i++)
            {
                g[i] = curvature[i] * w[i];
            }
        }

        // doc:bold
        var sgd = new Sgd<double>(new SgdOptions { LearningRate = baseLearningRate });   // plain SGD: only the parameters to undo
        sgd.Add("weights", weights, gradients);
        var driver = new BoldDriver(new BoldDriverOptions { MaxScale = 10 });
        driver.Report(Loss(weights));                  // the loss at the starting point
        var snapshot = new double[weights.Length];
        for (var iteration = 0; iteration < 1000; iteration++)
        {
            weights.CopyTo(snapshot, 0);               // your own snapshot of the parameters
            ComputeGradients(weights, gradients);
            sgd.Groups[0].LearningRate = baseLearningRate * driver.Scale;
            sgd.Step();
            var report = driver.Report(Loss(weights));
            if (report.RejectStep)
            {
                snapshot.CopyTo(weights, 0);           // undo; the next try uses the cut scale
            }
        }
        // end doc

        Loss(weights).Should().BeLessThan(1e-15, "from 80.5 at the start");
        Loss(weights).Should().Be(driver.ReferenceLoss);
    }

    [Fact]
    public void BoldDriverFullUndo_WithAnOptimizerSnapshot_PutsBackTheWholeState()
    {
        // f(w) = ½ Σ a_i w_i²; Adam at a large rate overshoots, so some steps are rejected.
        double[] curvature = [1, 10, 50, 100];
        var weights = new double[] { 1, 1, 1, 1 };
        var gradients = new double[4];
        const double baseLearningRate = 0.5;
        double Loss(double[] w) => 0.5 * w.Select((v, i) => curvature[i] * v * v).Sum();
        void ComputeGradients(double[] w, double[] g)
        {
            for (var i = 0; i < w.Length; i++)
            {
                g[i] = curvature[i] * w[i];
            }
        }

        var rejections = 0;

        // doc:bold-undo
        var adam = new Adam<double>(new AdamOptions { LearningRate = baseLearningRate });
        adam.Add("weights", weights, gradients);
        var driver = new BoldDriver(new BoldDriverOptions { MaxScale = 10 });
        driver.Report(Loss(weights));
        for (var iteration = 0; iteration < 200; iteration++)
        {
            var before = adam.CaptureSnapshot();       // parameters, moments, step counts, options
            ComputeGradients(weights, gradients);
            adam.Groups[0].LearningRate = baseLearningRate * driver.Scale;
            adam.Step();
            if (driver.Report(Loss(weights)).RejectStep)
            {
                before.Restore();                      // as if the step had never been taken
                rejections++;
            }
        }
        // end doc

        rejections.Should().BeGreaterThan(0, "the test must exercise the undo");
        Loss(weights).Should().Be(driver.ReferenceLoss, "the parameters are those of the last accepted step");
        var accepted = adam.StepCount;
        accepted.Should().Be(200 - rejections, "a restored step does not count");
        adam.Groups[0].Parameters[0].StepCount.Should().Be(accepted, "Adam's bias corrections restart from the restored count");
    }

    [Fact]
    public void Docs_ContainEveryExampleVerbatim()
    {
        var root = RepositoryRoot();
        var docs = File.ReadAllText(Path.Combine(root, "docs", "controllers.md"));
        var source = File.ReadAllText(Path.Combine(root, "tests", "LearningRate.Tests", "Controllers", "ControllersDocsTests.cs"));
        var regions = Region().Matches(source);
        regions.Should().HaveCount(3);
        foreach (Match region in regions)
        {
            var lines = region.Groups[2].Value.TrimEnd().Split('\n');
            var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
            var code = string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
            docs.Should().Contain($"```csharp\n{code}\n```", "docs/controllers.md shows the {0} example as it runs here", region.Groups[1].Value);
        }
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

    [GeneratedRegex(@"// doc:(\w+)\n(.*?)\n[ ]*// end doc", RegexOptions.Singleline)]
    private static partial Regex Region();
}
