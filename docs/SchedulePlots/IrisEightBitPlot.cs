using LearningRate.Demo;
using LearningRate.Iris;
using LearningRate.Optimizers;
using LearningRate.Training;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

/// <summary>
/// The learning curves of the Iris example's model trained with Adam and with Adam8Bit from the same weights, batches and
/// schedule (docs/performance.md, 8-bit optimizer state): the library's own runs, drawn like the schedule plots.
/// </summary>
internal static class IrisEightBitPlot
{
    private const double Width = 640, Height = 380;
    private const int Epochs = 60;

    public static void Write(string path, string irisCsv)
    {
        var all = IrisData.Load(irisCsv);
        var (train, validation, test) = all.Split(validationFraction: 0.2, testFraction: 0.2, seed: 42);
        var scaler = new Standardizer();
        scaler.Fit<double>(train.X, IrisData.Features);
        var data = (
            train.WithFeatures((x, z) => scaler.Transform<double>(x, z)),
            validation.WithFeatures((x, z) => scaler.Transform<double>(x, z)),
            test.WithFeatures((x, z) => scaler.Transform<double>(x, z)));
        var exact = IrisRun.Train<Adam<double>, AdamOptions>(data, new Adam<double>(), 0.01, Epochs, seed: 1);
        var quantized = IrisRun.Train<Adam8Bit<double>, Adam8BitOptions>(data, new Adam8Bit<double>(), 0.01, Epochs, seed: 1);

        var model = new PlotModel
        {
            Title = "Iris, 4-8-3 perceptron: Adam and Adam8Bit",
            TitleFontSize = 13,
            TitleHorizontalAlignment = TitleHorizontalAlignment.CenteredWithinView,
            DefaultFont = SvgTextMetrics.FontFamily,
        };
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "epoch", Minimum = 0, Maximum = Epochs });
        model.Axes.Add(new LogarithmicAxis { Position = AxisPosition.Left, Title = "cross-entropy", AxisTitleDistance = 24 });
        model.Legends.Add(new Legend
        {
            LegendPlacement = LegendPlacement.Outside,
            LegendPosition = LegendPosition.BottomCenter,
            LegendOrientation = LegendOrientation.Horizontal,
            LegendItemSpacing = 24,
        });
        Add(model, "Adam, training", exact.TrainingLoss, OxyColor.Parse("#1f77b4"), LineStyle.Solid);
        Add(model, "Adam8Bit, training", quantized.TrainingLoss, OxyColor.Parse("#d62728"), LineStyle.Solid);
        Add(model, "Adam, validation", exact.ValidationLoss, OxyColor.Parse("#1f77b4"), LineStyle.Dash);
        Add(model, "Adam8Bit, validation", quantized.ValidationLoss, OxyColor.Parse("#d62728"), LineStyle.Dash);

        using var stream = File.Create(path);
        SvgTextMeasurer.Exporter(Width, Height).Export(model, stream);
    }

    private static void Add(PlotModel model, string title, double[] loss, OxyColor color, LineStyle style)
    {
        var line = new LineSeries { Title = title, Color = color, LineStyle = style, StrokeThickness = 1.5 };
        for (var epoch = 0; epoch < loss.Length; epoch++)
        {
            line.Points.Add(new DataPoint(epoch + 1, loss[epoch]));
        }

        model.Series.Add(line);
    }
}
