using System.Text.RegularExpressions;
using LearningRate.Demo;
using LearningRate.Schedules;
using LearningRate.Training;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

// Writes one SVG per schedule of docs/schedules.md into docs/plots (or the directory given as argument), and the
// Iris learning curves of docs/performance.md. The values are the library's own At(t) at every step and its own
// training runs, so the plots cannot drift from the code.
var output = args.Length > 0 ? args[0] : Path.Combine(FindRepositoryRoot(), "docs", "plots");
Directory.CreateDirectory(output);

var cyclic = Schedule.Cyclic(0.01, 0.1, 50, mode: CyclicMode.Triangular2);
var oneCycle = Schedule.OneCycle(0.1, 400);
Plot[] plots =
[
    new("constant", "Constant(0.1)", 200, [("lr", Schedule.Constant(0.1))]),
    new("step-decay", "StepDecay(0.1, stepSize: 60, gamma: 0.5)", 300, [("lr", Schedule.StepDecay(0.1, 60, 0.5))]),
    new("multi-step", "MultiStep(0.1, [100, 150, 180], gamma: 0.3)", 250, [("lr", Schedule.MultiStep(0.1, [100, 150, 180], 0.3))]),
    new("exponential", "Exponential(0.1, 0.5, transitionSteps: 50[, staircase])", 300, [("continuous", Schedule.Exponential(0.1, 0.5, 50)), ("staircase", Schedule.Exponential(0.1, 0.5, 50, staircase: true))]),
    new("inverse-time", "InverseTime(0.1, decayRate: 1, decaySteps: 20)", 300, [("lr", Schedule.InverseTime(0.1, 1, 20))]),
    new("inverse-sqrt", "InverseSqrt(0.1, timescale: 20).WithWarmup(20)", 300, [("lr", Schedule.InverseSqrt(0.1, 20).WithWarmup(20))]),
    new("linear", "Linear(0.1, 0.01, steps: 200)", 300, [("hold (default)", Schedule.Linear(0.1, 0.01, 200)), ("continue", Schedule.Linear(0.1, 0.01, 200, AfterEnd.Continue))]),
    new("polynomial", "Polynomial(0.1, steps: 200, power, end: 0.01)", 300, [("power 0.5", Schedule.Polynomial(0.1, 200, 0.5, 0.01)), ("power 1", Schedule.Polynomial(0.1, 200, 1, 0.01)), ("power 2", Schedule.Polynomial(0.1, 200, 2, 0.01))]),
    new("cosine", "Cosine(0.1, steps: 200, minimum: 0.01)", 400, [("hold (default)", Schedule.Cosine(0.1, 200, 0.01)), ("continue (PyTorch CosineAnnealingLR)", Schedule.Cosine(0.1, 200, 0.01, AfterEnd.Continue))]),
    new("warm-restarts", "CosineWarmRestarts(0.1, period: 30, periodMultiplier: 2)", 450, [("amplitude decay 1", Schedule.CosineWarmRestarts(0.1, 30, 2, 0.001)), ("amplitude decay 0.6", Schedule.CosineWarmRestarts(0.1, 30, 2, 0.001, 0.6))]),
    new("cyclic", "Cyclic(0.01, 0.1, stepSizeUp: 50, mode)", 400, [("triangular", Schedule.Cyclic(0.01, 0.1, 50)), ("triangular2", cyclic), ("exp_range, γ = 0.995", Schedule.Cyclic(0.01, 0.1, 50, mode: CyclicMode.ExpRange, gamma: 0.995))]),
    new("cyclic-momentum", "Cyclic(..., Triangular2).Momentum", 400, [("momentum", cyclic.Momentum!)]),
    new("one-cycle", "OneCycle(0.1, totalSteps: 400[, threePhase])", 400, [("two phases, cosine", oneCycle), ("two phases, linear", Schedule.OneCycle(0.1, 400, annealing: Annealing.Linear)), ("three phases", Schedule.OneCycle(0.1, 400, threePhase: true))]),
    new("one-cycle-momentum", "OneCycle(0.1, 400).Momentum", 400, [("momentum", oneCycle.Momentum!)]),
    new("warmup-stable-decay", "WarmupStableDecay(0.1, 40, 200, 100, decay, minimum: 0.005)", 380, [("cosine", Schedule.WarmupStableDecay(0.1, 40, 200, 100, Annealing.Cosine, 0.005)), ("linear", Schedule.WarmupStableDecay(0.1, 40, 200, 100, Annealing.Linear, 0.005)), ("1-sqrt", Schedule.WarmupStableDecay(0.1, 40, 200, 100, Annealing.OneMinusSqrt, 0.005))]),
    new("swa-anneal", "Cosine(0.1, 400).ThenSwaAnneal(240, 0.02, annealSteps[, Linear])", 400, [("cosine, 40 steps", Schedule.Cosine(0.1, 400).ThenSwaAnneal(240, 0.02, 40)), ("linear, 40 steps", Schedule.Cosine(0.1, 400).ThenSwaAnneal(240, 0.02, 40, Annealing.Linear)), ("annealSteps 0", Schedule.Cosine(0.1, 400).ThenSwaAnneal(240, 0.02, 0))]),
    new("function", "FromFunction(t => 0.1 / (1 + t / 50.0))", 300, [("lr", Schedule.FromFunction(t => 0.1 / (1 + (t / 50.0))))]),
    new("warmup-then-cosine", "Warmup(50, to: 0.1).Then(Cosine(0.1, 300, 0.001))", 400, [("lr", Schedule.Warmup(50, to: 0.1).Then(Schedule.Cosine(0.1, 300, 0.001)))]),
    new("sequence", "Constant(0.1).Then(Linear(0.1, 0.02, 100), 100).Then(Exponential(0.02, 0.98), 250)", 400, [("lr", Schedule.Constant(0.1).Then(Schedule.Linear(0.1, 0.02, 100), 100).Then(Schedule.Exponential(0.02, 0.98), 250))]),
    new("times-clamp", "CosineWarmRestarts(0.1, 50).Times(Exponential(1, 0.995)).Clamp(0.005, 0.08)", 400, [("lr", Schedule.CosineWarmRestarts(0.1, 50).Times(Schedule.Exponential(1, 0.995)).Clamp(0.005, 0.08))]),
];

foreach (var plot in plots)
{
    var path = Path.Combine(output, plot.File + ".svg");
    plot.Write(path);
    Console.WriteLine(path);
}

// docs/performance.md's learning curves of Adam and Adam8Bit on the Iris example.
var iris = Path.Combine(output, "iris-adam8bit.svg");
IrisEightBitPlot.Write(iris, Path.Combine(FindRepositoryRoot(), "docs", "examples", "LearningRate.Iris", "iris.csv"));
Console.WriteLine(iris);

static string FindRepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "LearningRate.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("LearningRate.sln not found above " + AppContext.BaseDirectory + "; pass the output directory.");
}

/// <summary>One SVG: a title, the steps drawn, and one line per named schedule.</summary>
internal sealed record Plot(string File, string Title, int Steps, (string Label, Schedule Schedule)[] Series)
{
    private const double Width = 640, Height = 360, TitleSize = 13;

    public void Write(string path)
    {
        var model = new PlotModel { Title = WrapTitle(Title), TitleFontSize = TitleSize, TitleHorizontalAlignment = TitleHorizontalAlignment.CenteredWithinView, DefaultFont = SvgTextMetrics.FontFamily };
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "step", Minimum = 0, Maximum = Steps });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = Series.Any(s => s.Label == "momentum") ? "momentum" : "learning rate", AxisTitleDistance = 24 });
        if (Series.Length > 1)
        {
            // Below the plot, so it never covers the curves; rows wrap at the plot's width, measured
            // with the widths of the font the SVG asks for.
            model.Legends.Add(new Legend
            {
                LegendPlacement = LegendPlacement.Outside,
                LegendPosition = LegendPosition.BottomCenter,
                LegendOrientation = LegendOrientation.Horizontal,
                LegendItemSpacing = 48,
            });
        }

        foreach (var (label, schedule) in Series)
        {
            var line = new LineSeries { Title = Series.Length > 1 ? label : null, StrokeThickness = 1.5 };
            for (var step = 0; step <= Steps; step++)
            {
                line.Points.Add(new DataPoint(step, schedule.At(step)));
            }

            model.Series.Add(line);
        }

        using var stream = System.IO.File.Create(path);
        SvgTextMeasurer.Exporter(Width, Height).Export(model, stream);
    }

    /// <summary>Breaks a long chained title before a ".Method(" so every line fits the canvas (the title is centred on it) less 20 px each side.</summary>
    private static string WrapTitle(string title)
    {
        var lines = new List<string> { string.Empty };
        foreach (var part in Regex.Split(title, @"(?=\.[A-Z])"))
        {
            if (lines[^1].Length > 0 && SvgTextMetrics.Width(lines[^1] + part, TitleSize, bold: true) > Width - 40)
            {
                lines.Add(string.Empty);
            }

            lines[^1] += part;
        }

        return string.Join('\n', lines);
    }
}
